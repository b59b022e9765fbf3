import type { ContactDto } from '@ctct/shared-types';

/** "First Last", else the email, else a placeholder: every row and title needs something to show. */
export function contactDisplayName(contact: Pick<ContactDto, 'firstName' | 'lastName' | 'email'>): string {
  const name = [contact.firstName, contact.lastName].filter((part) => !!part?.trim()).join(' ');
  return name || contact.email || '(no name)';
}
