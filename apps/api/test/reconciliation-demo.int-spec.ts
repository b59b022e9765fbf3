import { crmDemoEmails } from '@ctct/demo-data';
import type { FixDriftPreviewDto, ReconciliationClass, ReconciliationSummaryDto } from '@ctct/shared-types';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { PushDeliveryService } from '../src/modules/push/push-delivery.service';
import { RunsService } from '../src/modules/runs/runs.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The demo installation of `npm start` (2,000 seeded CRM contacts, the sandbox scenario built from their emails), after
 * a full sync: every class but "not in CC" and "needs review" is empty, once the drift the sync leaves (Do Not Email
 * seeded in the CRM without a push) is fixed. Name drift remains while field pushes are not available: the sandbox
 * gives its contacts names of its own.
 */
describe('reconciliation on the demo data after a full sync', () => {
  let cc: TestSandbox;
  let t: TestApp;

  beforeAll(async () => {
    // The scenario of tools/scripts/start.mjs.
    cc = await startTestSandbox({
      rateLimit: false,
      scenario: {
        seed: 7,
        contacts: 2_500,
        lists: 12,
        campaigns: 8,
        recipientsPerCampaign: 1_200,
        matchEmails: crmDemoEmails(),
        matchRatio: 0.8,
      },
    });
    t = await startTestApp({
      ...cc.apiEnv,
      DEMO_SEED: 'true',
      CTCT_RATE_PER_SECOND: '100',
      CTCT_RATE_PER_DAY: '250000',
      PUSH_POLL_MS: '100',
      SYNC_POLL_MS: '100',
    });
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    for (const job of ['lists', 'link-contacts', 'activities'] as const) {
      const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
      expect((await waitForRun(t, run.id, 120_000)).status).toBe('succeeded');
    }
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });

  async function summary(): Promise<ReconciliationSummaryDto> {
    const agent = await t.signedIn();
    return (await agent.get('/api/reconciliation').expect(200)).body;
  }

  const countsOf = (result: ReconciliationSummaryDto) =>
    Object.fromEntries(result.classes.map((item) => [item.class, item.count])) as Record<ReconciliationClass, number>;

  it('leaves only "not in CC" and "needs review" once Fix drift is delivered (names aside without field pushes)', async () => {
    const afterSync = await summary();
    const agent = await t.signedIn();
    const preview: FixDriftPreviewDto = (await agent.get('/api/reconciliation/fix-drift').expect(200)).body;
    await agent.post('/api/reconciliation/fix-drift').send({}).expect(202);
    // Delivered by the API's own push worker.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await t.app.get(PushDeliveryService).poke();
      const [{ open }] = await t.dataSource.query(
        `SELECT count(*)::int AS open FROM ctct_outbox WHERE status IN ('pending', 'delivering')`,
      );
      if (open === 0) break;
      if (Date.now() > deadline) throw new Error(`${open} pushes still open`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [{ failed }] = await t.dataSource.query(`SELECT count(*)::int AS failed FROM ctct_outbox WHERE status = 'failed'`);
    expect(failed).toBe(0);

    const fixed = await summary();
    const counts = countsOf(fixed);
    const drift = fixed.classes.find((item) => item.class === 'drift')!;
    // For the closing note: the classes on the demo data, after the sync and after Fix drift.
    console.info(
      JSON.stringify({
        demo: {
          afterSync: { ...countsOf(afterSync), driftFields: afterSync.classes[1].fields },
          fixDrift: preview,
          afterFix: { ...counts, driftFields: drift.fields },
        },
      }),
    );

    expect(counts.not_in_ctct).toBeGreaterThan(0);
    expect(counts.needs_review).toBeGreaterThan(0);
    expect(counts.in_agreement + drift.count).toBeGreaterThan(1_000);
    expect({ awaiting: counts.awaiting_link, deleted: counts.ctct_deleted, unsubscribed: counts.ctct_unsubscribed }).toEqual({
      awaiting: 0,
      deleted: 0,
      unsubscribed: 0,
    });
    expect({ email: drift.fields!.email, doNotEmail: drift.fields!.doNotEmail }).toEqual({ email: 0, doNotEmail: 0 });
    if (preview.fieldPushesAvailable) expect(drift.count).toBe(0);
    // Without field pushes, what drift remains is names only.
    else expect(drift.count).toBeLessThanOrEqual(drift.fields!.firstName + drift.fields!.lastName);

    const level = (await agent.get('/api/consent/service-level').expect(200)).body;
    expect(level).toMatchObject({ notReflected: 0, status: 'ok' });
  }, 120_000);
});
