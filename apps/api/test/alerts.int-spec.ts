import type { AlertDto } from '@ctct/shared-types';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AlertsMonitor } from '../src/modules/alerts/alerts.monitor';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { CtctClient } from '../src/modules/ctct/ctct.client';
import { RunsService } from '../src/modules/runs/runs.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { insertCrmContacts, waitForRun } from './support/sync-helpers';
import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps every mail it is given. */
async function startSmtp(): Promise<{ url: string; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          // Quoted-printable soft line breaks undone, so a test can look for whole sentences.
          raw: Buffer.concat(chunks)
            .toString('utf8')
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('alerts: raised once per cause, shown in the admin, mailed to the admins (real app, sandbox, SMTP)', () => {
  let cc: TestSandbox;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: { perSecond: 20, perDay: 250_000 } });
    cc.sandbox.control.loadScenario({ seed: 8, contacts: 50, lists: 1, campaigns: 0, recipientsPerCampaign: 0 });
    smtp = await startSmtp();
    t = await startTestApp({
      ...cc.apiEnv,
      CTCT_RATE_PER_SECOND: '20',
      CTCT_RATE_PER_DAY: '10000',
      CTCT_MAX_ATTEMPTS: '1',
      SYNC_POLL_MS: '100',
      RUN_OUTAGE_RETRY_SECONDS: '1',
      RUN_OUTAGE_MAX_PAUSES: '1',
      // The periodic check is called by the tests; deliveries must not empty the outbox under them.
      ALERTS_CHECK_SECONDS: '3600',
      PUSH_WORKER: 'false',
      SMTP_URL: smtp.url,
      SMTP_FROM: 'ctct-connect <alerts@crm.example>',
    });
    await connect();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await cc?.running.close();
  });
  afterEach(() => cc.sandbox.control.clearFaults());

  const connect = () => t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
  const check = () => t.app.get(AlertsMonitor).check();
  async function openAlerts(): Promise<AlertDto[]> {
    const agent = await t.signedIn();
    return (await agent.get('/api/alerts').query({ open: true }).expect(200)).body.items;
  }
  const mailsAbout = (subject: RegExp) => smtp.mails.filter((mail) => subject.test(mail.raw));

  it('tells once when the connection needs re-authorising, by the bell and by mail, and resolves it on reconnect', async () => {
    cc.sandbox.control.revokeAllTokens();
    await expect(t.app.get(CtctClient).call('getAccountById')).rejects.toThrow(/re-authorised/);
    // Raised at the event, without waiting for a check; checks after it change nothing.
    await check();
    await check();
    const open = (await openAlerts()).filter((alert) => alert.kind === 'connection_reauth');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'error', link: '/settings', readAt: null });
    expect(open[0].title).toBe('Constant Contact needs to be reconnected');
    const mails = mailsAbout(/Subject: \[ctct-connect\] Constant Contact needs to be reconnected/);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([TEST_ADMIN.email]);
    expect(mails[0].from).toBe('alerts@crm.example');
    expect(mails[0].raw).toContain('Fix it here: http://localhost:3000/settings');

    const agent = await t.signedIn();
    expect((await agent.get('/api/alerts/unread-count').expect(200)).body).toEqual({ unread: 1 });
    await connect();
    expect((await openAlerts()).some((alert) => alert.kind === 'connection_reauth')).toBe(false);
    expect((await agent.get('/api/alerts/unread-count').expect(200)).body).toEqual({ unread: 0 });
    const history = (await agent.get('/api/alerts').expect(200)).body.items as AlertDto[];
    expect(history.find((alert) => alert.id === open[0].id)?.resolvedAt).not.toBeNull();
  });

  it('tells when a run failed, linking to the run where Retry is', async () => {
    cc.sandbox.control.setFaults({ operations: ['getLists'], errorRate: 1, errorStatus: 500 });
    const { run } = await t.app.get(RunsService).requestRun('lists', 'manual');
    expect((await waitForRun(t, run.id, 30_000, ['failed', 'succeeded'])).status).toBe('failed');
    const failed = (await openAlerts()).filter((alert) => alert.kind === 'run_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ link: `/sync/runs/${run.id}`, title: 'A lists sync failed' });
    expect(mailsAbout(/A lists sync failed/)).toHaveLength(1);
    await check();
    expect(mailsAbout(/A lists sync failed/)).toHaveLength(1);
    // Retried successfully: the cause is gone.
    cc.sandbox.control.clearFaults();
    await (await t.signedIn()).post(`/api/sync/runs/${run.id}/retry`).expect(200);
    expect((await waitForRun(t, run.id, 30_000, ['succeeded', 'failed'])).status).toBe('succeeded');
    await check();
    expect((await openAlerts()).some((alert) => alert.kind === 'run_failed')).toBe(false);
  });

  it('tells when a run has been paused for more than an hour', async () => {
    cc.sandbox.control.revokeAllTokens();
    const { run } = await t.app.get(RunsService).requestRun('lists', 'manual');
    expect((await waitForRun(t, run.id)).status).toBe('paused');
    await check();
    expect((await openAlerts()).some((alert) => alert.kind === 'run_paused_long')).toBe(false);
    await t.dataSource.query(`UPDATE sync_runs SET paused_at = now() - interval '61 minutes' WHERE id = $1`, [run.id]);
    await check();
    const paused = (await openAlerts()).filter((alert) => alert.kind === 'run_paused_long');
    expect(paused).toHaveLength(1);
    expect(paused[0]).toMatchObject({ link: `/sync/runs/${run.id}`, severity: 'warning' });
    await connect();
    expect((await waitForRun(t, run.id, 30_000, ['succeeded', 'failed'])).status).toBe('succeeded');
    await check();
    expect((await openAlerts()).some((alert) => alert.kind === 'run_paused_long')).toBe(false);
  });

  it("tells when 80% of today's quota is used, once that day", async () => {
    await t.dataSource.query(`UPDATE ctct_rate_budget SET day = (now() AT TIME ZONE 'utc')::date, used_today = 7999`);
    await check();
    expect((await openAlerts()).some((alert) => alert.kind === 'quota_high')).toBe(false);
    await t.dataSource.query(`UPDATE ctct_rate_budget SET used_today = 8100`);
    await check();
    await t.dataSource.query(`UPDATE ctct_rate_budget SET used_today = 8500`);
    await check();
    const quota = (await openAlerts()).filter((alert) => alert.kind === 'quota_high');
    expect(quota).toHaveLength(1);
    expect(quota[0].title).toBe("85% of today's Constant Contact quota is used");
    expect(mailsAbout(/quota is used/)).toHaveLength(1);
    // A new day: the count starts again, and the cause is gone.
    await t.dataSource.query(`UPDATE ctct_rate_budget SET day = day - 1`);
    await check();
    expect((await openAlerts()).some((alert) => alert.kind === 'quota_high')).toBe(false);
  });

  it('tells when opt-outs have not reached Constant Contact after an hour', async () => {
    const [contact] = await insertCrmContacts(t, ['waiting@alerts.example']);
    await t.dataSource.query(
      `INSERT INTO ctct_outbox (kind, contact_id, payload, created_at) VALUES ('opt_out', $1, '{}', now() - interval '2 hours'),
              ('opt_out', $1, '{}', now() - interval '5 minutes')`,
      [contact],
    );
    await check();
    const stuck = (await openAlerts()).filter((alert) => alert.kind === 'optouts_stuck');
    expect(stuck).toHaveLength(1);
    expect(stuck[0].title).toBe('1 opt-out not yet in Constant Contact after an hour');
    await t.dataSource.query(`UPDATE ctct_outbox SET status = 'delivered', delivered_at = now() WHERE contact_id = $1`, [contact]);
    await check();
    expect((await openAlerts()).some((alert) => alert.kind === 'optouts_stuck')).toBe(false);
  });

  it('marks alerts read one by one or all at once; refuses a malformed id naming it', async () => {
    await t.dataSource.query(`UPDATE ctct_rate_budget SET day = (now() AT TIME ZONE 'utc')::date, used_today = 9000`);
    await check();
    const agent = await t.signedIn();
    const [alert] = await openAlerts();
    const read = await agent.post(`/api/alerts/${alert.id}/read`).expect(200);
    expect(read.body.readAt).not.toBeNull();
    await agent.post('/api/alerts/read-all').expect(200, { unread: 0 });
    expect((await agent.get('/api/alerts/unread-count').expect(200)).body.unread).toBe(0);
    const bad = await agent.post('/api/alerts/nope/read').expect(400);
    expect(bad.body.fields[0].field).toBe('id');
    await agent.post('/api/alerts/00000000-0000-4000-8000-000000000000/read').expect(404);
    await t.http().get('/api/alerts/unread-count').expect(401);
  });
});
