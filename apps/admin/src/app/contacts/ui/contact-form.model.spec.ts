import { aContact } from '../../../testing/test-helpers';
import { applyServerErrors, changedFields, createContactForm, toFormValue } from './contact-form.model';

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
});
