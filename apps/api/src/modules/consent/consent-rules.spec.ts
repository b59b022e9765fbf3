import { pushOutcomeEvents } from './consent-events';
import { businessDaysBetween, serviceStatus } from './consent.service';

describe('CAN-SPAM business days', () => {
  it('counts Monday to Friday only, whole days', () => {
    // Friday 2026-11-06 10:00 → Monday 2026-11-09 09:00: one business day (Monday), the weekend is free.
    expect(businessDaysBetween(new Date('2026-11-06T10:00:00Z'), new Date('2026-11-09T09:00:00Z'))).toBe(1);
    expect(businessDaysBetween(new Date('2026-11-02T10:00:00Z'), new Date('2026-11-16T10:00:00Z'))).toBe(10);
    expect(businessDaysBetween(new Date('2026-11-02T10:00:00Z'), new Date('2026-11-02T23:00:00Z'))).toBe(0);
  });

  it('is ok within the target, late after it, at risk from 5 business days, overdue from 10', () => {
    expect(serviceStatus(null, null)).toBe('ok');
    expect(serviceStatus(60, 0)).toBe('ok');
    expect(serviceStatus(3_600, 0)).toBe('late');
    expect(serviceStatus(7 * 86_400, 5)).toBe('at_risk');
    expect(serviceStatus(14 * 86_400, 10)).toBe('overdue');
  });
});

describe('opt-out push outcomes in the ledger', () => {
  const push = { id: '7', kind: 'opt_out', contact_id: 'c-1' };

  it('is delivered only when Constant Contact has them unsubscribed', () => {
    expect(pushOutcomeEvents(push, { outcome: 'unsubscribed in Constant Contact' })[0].kind).toBe('opt_out_delivered');
    expect(pushOutcomeEvents(push, { outcome: 'already unsubscribed in Constant Contact' })[0].kind).toBe('opt_out_delivered');
    expect(pushOutcomeEvents(push, { outcome: 'deleted in Constant Contact: nothing to opt out' })[0].kind).toBe('opt_out_not_sent');
    expect(pushOutcomeEvents(push, { failure: 'HTTP 400' })[0]).toMatchObject({
      kind: 'opt_out_failed',
      reason: 'HTTP 400',
      outboxId: '7',
    });
  });

  it('records nothing for membership pushes', () => {
    expect(pushOutcomeEvents({ ...push, kind: 'add_membership' }, { outcome: 'added to the list in Constant Contact' })).toEqual([]);
  });
});
