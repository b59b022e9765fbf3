import { aContact } from '../../../testing/test-helpers';
import { applyServerErrors, changedFields, createContactForm, fieldErrorMessage, toFormValue } from './contact-form.model';

describe('contact form model', () => {
  it('reports no changes for an untouched contact, including null fields shown as empty', () => {
    const contact = aContact({ phone: null });
    expect(changedFields(contact, toFormValue(contact))).toEqual({});
  });

  it('reports trimmed changes and emptied fields as null', () => {
    const contact = aContact();
    const value = { ...toFormValue(contact), firstName: ' Augusta ', jobTitle: '', type: 'lead' as const };
    expect(changedFields(contact, value)).toEqual({ firstName: 'Augusta', jobTitle: null, type: 'lead' });
  });

  it('puts server errors on known fields and returns the rest', () => {
    const form = createContactForm();
    const rest = applyServerErrors(form, [
      { field: 'lastName', message: 'too odd' },
      { field: 'doNotEmail', message: 'not allowed' },
    ]);
    expect(form.controls.lastName.errors).toEqual({ server: 'too odd' });
    expect(form.controls.lastName.touched).toBe(true);
    expect(rest).toEqual([{ field: 'doNotEmail', message: 'not allowed' }]);
  });

  it.each(['+1 (555) 010-2030', '030 1234567', '+44 20 7946 0958 ext 12', '555.010.2030 x7', ''])(
    'accepts the phone number "%s"',
    (phone) => {
      const form = createContactForm();
      form.controls.phone.setValue(phone);
      expect(form.controls.phone.errors).toBeNull();
    },
  );

  it.each(['abc', '12345', '+1 555 010 2030 1234 5678', '555-CALL-NOW', '++49 30 1234567'])(
    'refuses the phone number "%s" as you type',
    (phone) => {
      const form = createContactForm();
      form.controls.phone.setValue(phone);
      expect(fieldErrorMessage(form.controls.phone.errors, 'Phone')).toBe('Enter a phone number of 6 to 15 digits, like +1 555 010 2030.');
    },
  );
});
