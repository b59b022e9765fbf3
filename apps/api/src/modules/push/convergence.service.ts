import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sql } from '../../common/sql';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SettingsService } from '../settings/settings.service';
import { CTCT_NAME_MAX_LENGTH } from './field-push';
import { DoNotEmailStateMachine } from './do-not-email.state-machine';
import { OutboxRepository } from './outbox.repository';

/** What one convergence pass did. */
export interface ConvergenceResult {
  /** Contacts whose Do Not Email was turned off: they confirmed CC's re-subscribe email. */
  resubscribed: number;
  /** Opt-outs queued again: CC had the contact mailable while the CRM says Do Not Email. */
  optOuts: number;
  /** Field pushes queued: CC's email or a name differs from the CRM's. */
  fieldPushes: number;
  /** Whether more contacts have field drift than this pass may push (its share of the day's CC requests). */
  moreFieldDrift: boolean;
}

/** Where a link run's counts go (the run's JobContext). */
export interface ConvergenceCounts {
  count(key: string, by?: number): void;
  note(text: string): void;
}

// A pass queues field pushes for at most this share of the day's CC requests (2 calls each): the first link of an
// installation whose CC names all differ must not spend the whole day's quota; the rest follows on later runs.
const FIELD_PUSH_SHARE_OF_DAILY_QUOTA = 0.25;

/**
 * Neither side changed since the `last` push settled: the CRM contact is as that delivery read it, and CC's
 * contact (`cc`, a mirror row) is as that delivery left it. Unknown (the delivery saw no CC contact, which now
 * exists) counts as changed.
 */
const UNCHANGED_SINCE_LAST = (cc: string) =>
  `coalesce(last.crm_seen_at >= c.updated_at AND last.ctct_seen_at >= ${cc}.cc_updated_at, false)`;

/**
 * Convergence, not just delivery: compares, for linked contacts, the CRM's Do Not Email, email, first and last
 * name with what the mirror last saw of the CC contact, and queues the pushes that fix any drift on a live CC
 * contact. It reads only PostgreSQL (the link run and deliveries keep the mirror fresh), so it costs no CC call
 * beyond the fixing pushes. Runs after every link run (all linked contacts) and after each delivery (that contact).
 *
 * A push is not queued again while neither side changed since the last one settled (the outbox row keeps the
 * CRM's and CC's updated_at it saw): a failure that retrying cannot fix (an address another CC contact holds)
 * waits for someone to change either side, and a value CC stores differently does not loop.
 */
@Injectable()
export class ConvergenceService {
  private readonly logger = new Logger('Convergence');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly settings: SettingsService,
    private readonly doNotEmail: DoNotEmailStateMachine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** After a link run: every linked contact. Adds the pass's figures to the run's counts. */
  async afterLinkRun(counts?: ConvergenceCounts): Promise<ConvergenceResult> {
    const result = await this.converge(null);
    if (counts) {
      if (result.resubscribed) counts.count('resubscribed', result.resubscribed);
      if (result.optOuts) counts.count('driftOptOuts', result.optOuts);
      if (result.fieldPushes) counts.count('driftFieldPushes', result.fieldPushes);
      if (result.moreFieldDrift) {
        counts.note(
          "More contacts differ from Constant Contact than one run may push (a quarter of the day's requests): " +
            'the rest follow on the next runs.',
        );
      }
    }
    if (result.optOuts || result.fieldPushes || result.resubscribed) this.logger.log(`after the link run: ${JSON.stringify(result)}`);
    return result;
  }

  /** After a delivery: the delivered contact, whose CC side the delivery has just read. */
  async afterDelivery(contactId: string): Promise<ConvergenceResult> {
    return this.converge([contactId]);
  }

  private async converge(scope: string[] | null): Promise<ConvergenceResult> {
    // The order matters: a confirmed re-subscribe turns Do Not Email off before Do Not Email drift is looked for.
    const resubscribed = await this.doNotEmail.resubscribeConfirmed(this.dataSource, await this.confirmedResubscribes(scope));
    const optOuts = await this.doNotEmail.driftFound(this.dataSource, await this.doNotEmailDrift(scope));
    let fieldPushes = 0;
    let moreFieldDrift = false;
    if (await this.settings.get('push.fieldPushes')) {
      const limit = Math.max(1, Math.floor((this.config.CTCT_RATE_PER_DAY * FIELD_PUSH_SHARE_OF_DAILY_QUOTA) / 2));
      const drifted = await this.fieldDrift(scope, limit + 1);
      moreFieldDrift = drifted.length > limit;
      const queued = await this.outbox.enqueueMany(this.dataSource, 'update', drifted.slice(0, limit), {
        reason: 'Constant Contact differs from the CRM',
      });
      fieldPushes = queued.length;
    }
    return { resubscribed: resubscribed.length, optOuts: optOuts.length, fieldPushes, moreFieldDrift };
  }

  /**
   * CRM contacts with Do Not Email whose re-subscribe email (the newest consent event of theirs) was confirmed: the
   * contact it went to is live in CC and opted in again.
   */
  private async confirmedResubscribes(scope: string[] | null): Promise<string[]> {
    const rows = await sql.rows<{ id: string }>(
      this.dataSource,
      `SELECT c.id FROM contacts c
         JOIN LATERAL (SELECT id, payload FROM ctct_outbox
                        WHERE contact_id = c.id AND kind = 'resubscribe' ORDER BY id DESC LIMIT 1) r ON true
         JOIN ctct_contacts m ON m.contact_id = (r.payload->>'ctctId')::uuid
        WHERE c.do_not_email AND c.deleted_at IS NULL AND ($1::uuid[] IS NULL OR c.id = ANY($1::uuid[]))
          AND m.cc_deleted_at IS NULL AND m.permission_to_send IN ('explicit', 'implicit')
          AND NOT EXISTS (SELECT 1 FROM ctct_outbox o
                           WHERE o.contact_id = c.id AND o.kind = 'opt_out' AND o.id > r.id AND o.status <> 'superseded')`,
      [scope],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Linked CRM contacts with Do Not Email whose current CC contact (the linked one while live, else the live one
   * with the same email key: CtctMirrorService.currentFor's rule) is live and not unsubscribed, with no opt-out on
   * its way and none settled since either side last changed.
   */
  private async doNotEmailDrift(scope: string[] | null): Promise<string[]> {
    const rows = await sql.rows<{ id: string }>(
      this.dataSource,
      `SELECT c.id FROM contacts c
         JOIN LATERAL (SELECT m.permission_to_send, m.cc_updated_at FROM ctct_contacts m
                        WHERE m.cc_deleted_at IS NULL
                          AND (m.contact_id = c.ctct_contact_id
                               OR (m.email_normalized = c.email_normalized AND c.email_normalized IS NOT NULL))
                        ORDER BY (m.contact_id = c.ctct_contact_id) DESC, m.cc_updated_at DESC NULLS LAST LIMIT 1) cur ON true
         LEFT JOIN LATERAL (SELECT status, crm_seen_at, ctct_seen_at FROM ctct_outbox
                             WHERE contact_id = c.id AND kind = 'opt_out' AND status <> 'superseded' ORDER BY id DESC LIMIT 1) last ON true
        WHERE c.do_not_email AND c.deleted_at IS NULL AND c.ctct_contact_id IS NOT NULL AND ($1::uuid[] IS NULL OR c.id = ANY($1::uuid[]))
          AND cur.permission_to_send IS NOT NULL AND cur.permission_to_send <> 'unsubscribed'
          AND (last.status IS NULL OR (last.status IN ('delivered', 'failed') AND NOT ${UNCHANGED_SINCE_LAST('cur')}))`,
      [scope],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Linked CRM contacts whose live CC contact has another email (by key) or other names (the CRM's cut to CC's
   * 50 characters; field-push.ts is the TypeScript twin), names compared only once the mirror has read them.
   */
  private async fieldDrift(scope: string[] | null, limit: number): Promise<string[]> {
    const rows = await sql.rows<{ id: string }>(
      this.dataSource,
      `SELECT c.id FROM contacts c
         JOIN ctct_contacts m ON m.contact_id = c.ctct_contact_id AND m.cc_deleted_at IS NULL
         LEFT JOIN LATERAL (SELECT status, crm_seen_at, ctct_seen_at FROM ctct_outbox
                             WHERE contact_id = c.id AND kind = 'update' ORDER BY id DESC LIMIT 1) last ON true
        WHERE c.deleted_at IS NULL AND ($1::uuid[] IS NULL OR c.id = ANY($1::uuid[]))
          AND ((c.email_normalized IS NOT NULL AND c.email_normalized IS DISTINCT FROM m.email_normalized)
               OR (m.names_synced_at IS NOT NULL
                   AND (nullif(left(c.first_name, $3), '') IS DISTINCT FROM nullif(m.first_name, '')
                        OR nullif(left(c.last_name, $3), '') IS DISTINCT FROM nullif(m.last_name, ''))))
          AND (last.status IS NULL OR (last.status IN ('delivered', 'failed') AND NOT ${UNCHANGED_SINCE_LAST('m')}))
        ORDER BY c.id LIMIT $2`,
      [scope, limit, CTCT_NAME_MAX_LENGTH],
    );
    return rows.map((row) => row.id);
  }
}
