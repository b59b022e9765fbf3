import { optOutSentence, permissionLabel, permissionTone } from './ctct-display';

describe('ctct display', () => {
  it('says who opted out, when and why', () => {
    expect(optOutSentence({ source: 'Contact', date: '2026-11-03T12:00:00.000Z', reason: 'I no longer want these emails' })).toBe(
      'Opted out by the contact on Nov 3, 2026: I no longer want these emails',
    );
    expect(optOutSentence({ source: 'Account', date: null, reason: null })).toBe('Opted out by your Constant Contact account');
    expect(optOutSentence({ source: null, date: null, reason: null })).toBe('Opted out');
  });

  it('labels and colours permission to send', () => {
    expect(permissionLabel('implicit')).toBe('Implicit permission');
    expect(permissionLabel(null)).toBe('Unknown');
    expect(permissionTone('explicit')).toBe('ok');
    expect(permissionTone('unsubscribed')).toBe('stop');
    expect(permissionTone('pending_confirmation')).toBe('neutral');
  });
});
