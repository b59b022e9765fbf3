import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AlertKind } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { withTryAdvisoryLock } from '../../common/advisory-lock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuthService } from '../auth/auth.service';
import { CtctConnectionEvents } from '../ctct/ctct-connection.events';
import { CtctConnectionService } from '../ctct/ctct-connection.service';
import { OutboxRepository } from '../push/outbox.repository';
import { RunEvents } from '../runs/run-events';
import { RunRow } from '../runs/run.row';
import { RunsRepository } from '../runs/runs.repository';
import { alertCauses, OPT_OUT_ALERT_MINUTES, PAUSED_ALERT_MINUTES } from './alert-causes';
import { AlertCause } from './alert.row';
import { AlertMailer } from './alert-mailer';
import { AlertsRepository } from './alerts.repository';

const CHECK_LOCK_KEY = 727_020;
// A failed run still asks for attention this long (unless retried, or a later run of its job succeeded).
const FAILED_RUN_DAYS = 7;

/**
 * Finds the alerts' causes and keeps the `alerts` table in step with them: every ALERTS_CHECK_SECONDS one
 * replica (an advisory lock) checks every cause, raising each once and resolving those gone; where it is cheap
 * the event itself raises at once (a run failed, the connection lost or restored). Then it mails what is new.
 */
@Injectable()
export class AlertsMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly mailer: AlertMailer,
    private readonly runs: RunsRepository,
    private readonly runEvents: RunEvents,
    private readonly connection: CtctConnectionService,
    private readonly connectionEvents: CtctConnectionEvents,
    private readonly outbox: OutboxRepository,
    private readonly auth: AuthService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.runEvents.onSettled(async ({ row, status, reason }) => {
      if (status === 'failed') await this.raiseNow(alertCauses.runFailed({ id: row.id, job: row.job, statusReason: reason }));
    });
    this.connectionEvents.onLost(async ({ reason }) => this.raiseNow(alertCauses.connectionNeedsReauth(reason)));
    this.connectionEvents.onRestored(async () => void (await this.alerts.resolveAllBut('connection_reauth', [])));
    const tick = () => void this.checkOnce().catch((error: Error) => this.logger.warn(`alert check failed: ${error.message}`));
    this.timer = setInterval(tick, this.config.ALERTS_CHECK_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The periodic check, on one replica at a time. */
  async checkOnce(): Promise<void> {
    await withTryAdvisoryLock(this.dataSource, CHECK_LOCK_KEY, () => this.check());
  }

  /** Checks every cause: raises what is there (once per cause), resolves what is gone, mails what is new. */
  async check(): Promise<void> {
    const connection = await this.connection.describe();
    const reauth = connection.state === 'needs_reconnect' ? [alertCauses.connectionNeedsReauth(connection.reason)] : [];
    await this.keep('connection_reauth', reauth);
    const failed = await this.runs.unresolvedFailures(FAILED_RUN_DAYS);
    await this.keep(
      'run_failed',
      failed.map((run) => alertCauses.runFailed(describe(run))),
    );
    const paused = await this.runs.pausedLongerThan(PAUSED_ALERT_MINUTES);
    await this.keep(
      'run_paused_long',
      paused.map((run) => alertCauses.runPausedLong({ ...describe(run), pausedAt: new Date(run.paused_at!) })),
    );
    const quota = alertCauses.quotaHigh(connection.budget, new Date().toISOString().slice(0, 10));
    await this.keep('quota_high', quota ? [quota] : []);
    const optOuts = alertCauses.optOutsWaiting(await this.outbox.optOutsWaitingLongerThan(OPT_OUT_ALERT_MINUTES));
    await this.keep('optouts_stuck', optOuts ? [optOuts] : []);
    await this.mailNew();
  }

  /** Mails the alerts not mailed yet to every admin (when SMTP is configured). */
  async mailNew(): Promise<void> {
    if (!this.mailer.enabled) return;
    const claimed = await this.alerts.claimUnmailed();
    if (claimed.length === 0) return;
    const to = await this.auth.adminEmails();
    for (const alert of claimed) {
      try {
        await this.mailer.send(alert, to);
      } catch (error) {
        // Given back: the next check tries again.
        this.logger.warn(`could not mail alert ${alert.kind}: ${(error as Error).message}`);
        await this.alerts.releaseMailClaim(alert.id, (error as Error).message);
      }
    }
  }

  private async keep(kind: AlertKind, causes: AlertCause[]): Promise<void> {
    for (const cause of causes) {
      const raised = await this.alerts.raise(cause);
      if (raised) this.logger.warn(`alert: ${raised.title}`);
    }
    await this.alerts.resolveAllBut(
      kind,
      causes.map((cause) => cause.key),
    );
  }

  private async raiseNow(cause: AlertCause): Promise<void> {
    if (await this.alerts.raise(cause)) await this.mailNew();
  }
}

function describe(run: RunRow): { id: string; job: RunRow['job']; statusReason: string | null } {
  return { id: run.id, job: run.job, statusReason: run.status_reason };
}
