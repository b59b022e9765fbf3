import { consentActorLine, consentTone, formatAge } from './consent-display';

describe('consent display', () => {
  it('says who did it and where it was recorded', () => {
    expect(consentActorLine({ actorLabel: 'ada@example.com', actorType: 'crm_user', source: 'crm' })).toBe('ada@example.com · CRM');
    expect(consentActorLine({ actorLabel: null, actorType: 'ctct_contact', source: 'link-contacts' })).toBe(
      'the contact, in Constant Contact · link contacts run',
    );
  });

  it('colours what takes permission away as stop and a failed push as a warning', () => {
    expect(consentTone('opt_out_delivered')).toBe('stop');
    expect(consentTone('opt_out_failed')).toBe('warn');
    expect(consentTone('opt_out_queued')).toBe('neutral');
  });

  it('reads ages the way people say them', () => {
    expect(formatAge(null)).toBe('—');
    expect(formatAge(42)).toBe('42 s');
    expect(formatAge(720)).toBe('12 min');
    expect(formatAge(3 * 3_600 + 300)).toBe('3 h 5 min');
    expect(formatAge(7_200)).toBe('2 h');
    expect(formatAge(86_400)).toBe('1 day');
    expect(formatAge(4 * 86_400 + 10)).toBe('4 days');
  });
});
