import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runWithCorrelation } from '../../common/correlation';
import { sql } from '../../common/sql';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ConsentLedger } from '../consent/consent-ledger';
import { pushOutcomeEvents } from '../consent/consent-events';
import { ContactLinks } from '../contacts/contact-links';
import { isPlausibleEmail } from '../contacts/email';
import { emailKey, equalOnlyByUnsafeFolding, looseEmailKey } from '../contacts/email-key';
import { ctctLookupEmail, ctctRefusalOf } from '../ctct/ctct-email';
import { CtctApiError, CtctNeedsReconnectError, CtctNotConnectedError, CtctQuotaExceededError } from '../ctct/ctct-errors';
import { CtctClient } from '../ctct/ctct.client';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import { WorkerLoop, workerId } from '../runs/worker-loop';
import { SettingsService } from '../settings/settings.service';
import { ConvergenceService } from './convergence.service';
import { CtctContactFull, CtctContactWriter } from './ctct-contact-writer';
import { DoNotEmailStateMachine } from './do-not-email.state-machine';
import { fieldDrift, wantedFields } from './field-push';
import { DeliverySeen, OutboxRepository, OutboxRow } from './outbox.repository';

// One push a claim: a claimed push is really with CC ("delivering" is what turning Do Not Email off waits for),
// and an opt-out never waits behind a claimed batch of field pushes. A claim costs a millisecond; a push two CC calls.
const BATCH = 1;
// Waits between delivery attempts of one push: quick at first (CC hiccups), then patient (outages).
const RETRY_DELAYS_S = [2, 10, 30, 120, 600, 1800];
export const OPT_OUT_REASON = 'Do Not Email set in the CRM';

interface ContactRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  do_not_email: boolean;
  ctct_contact_id: string | null;
  /** As text: a JavaScript Date would drop the microseconds convergence compares with (outbox crm_seen_at). */
  updated_at: string;
  deleted_at: Date | null;
}

/** A delivery that cannot succeed by retrying (bad data, CC refuses): the push is marked failed with this reason. */
class PermanentPushFailure extends Error {}

/** What one delivery saw of both sides (kept on the outbox row for convergence), and whether CC now has them unsubscribed. */
interface DeliveryNotes extends DeliverySeen {
  unsubscribed?: boolean;
}

/**
 * Delivers outbox pushes to CC. Woken at once by NOTIFY when a push is written (an opt-out reaches CC within
 * a second or two), and by a poll as a fallback; every replica runs one and PostgreSQL hands each push to one.
 * Deliveries are idempotent — a repeated delivery finds the work done and changes nothing.
 */
@Injectable()
export class PushDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PushDelivery');
  private readonly owner = workerId();
  private readonly loop: WorkerLoop<OutboxRow>;
  private readonly pollMs: number;
  private wake: NodeJS.Timeout | null = null;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly writer: CtctContactWriter,
    private readonly client: CtctClient,
    private readonly dataSource: DataSource,
    private readonly links: ContactLinks,
    private readonly mirror: CtctMirrorService,
    private readonly settings: SettingsService,
    private readonly convergence: ConvergenceService,
    private readonly doNotEmail: DoNotEmailStateMachine,
    private readonly ledger: ConsentLedger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pollMs = config.PUSH_POLL_MS;
    // The outbox stays push's: the shared loop only gets the claim and the delivery.
    this.loop = new WorkerLoop<OutboxRow>({
      name: 'pushes',
      enabled: config.PUSH_WORKER,
      pollMs: config.PUSH_POLL_MS,
      notify: { connectionString: config.DATABASE_URL, channel: 'ctct_outbox' },
      claim: () => this.claim(config.PUSH_LEASE_SECONDS),
      work: (push) => this.deliver(push),
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    if (this.wake) clearTimeout(this.wake);
    return this.loop.stop();
  }

  /** Delivers what is due now; resolves when this worker is idle again. */
  poke(): Promise<void> {
    return this.loop.poke();
  }

  /**
   * Claims what is due; when nothing is, wakes the loop when the earliest delayed push (a field push waiting for
   * more edits) falls due, rather than up to a poll interval later.
   */
  private async claim(leaseSeconds: number): Promise<OutboxRow[]> {
    const due = await this.outbox.claimDue(this.owner, BATCH, leaseSeconds);
    if (due.length === 0) {
      const waitMs = await this.outbox.msUntilNextDue();
      if (waitMs !== null && waitMs > 0 && waitMs < this.pollMs) {
        if (this.wake) clearTimeout(this.wake);
        this.wake = setTimeout(() => void this.loop.poke(), Math.ceil(waitMs) + 5);
        this.wake.unref();
      }
    }
    return due;
  }

  /**
   * The outcome is recorded in the delivery's correlation scope, so that the consent ledger names the CC call that
   * carried an opt-out; the outbox row and the ledger event commit together.
   */
  private async deliver(push: OutboxRow): Promise<void> {
    const notes: DeliveryNotes = {};
    const correlation = { userId: push.created_by ?? undefined, pushKind: push.kind };
    const settled = await runWithCorrelation(correlation, async () => {
      try {
        const outcome = await this.handle(push, notes);
        await this.dataSource.transaction(async (manager) => {
          const marked = await this.outbox.markDelivered(push.id, this.owner, outcome, notes, manager);
          if (marked) await this.ledger.record(manager, pushOutcomeEvents(push, { outcome }));
        });
        return { unsubscribed: notes.unsubscribed ?? false, text: outcome };
      } catch (error) {
        const { message, retryAt } = this.classify(error, push.attempts);
        if (!retryAt) this.logger.warn(`push ${push.id} (${push.kind}) failed for good: ${message}`);
        await this.dataSource.transaction(async (manager) => {
          const marked = await this.outbox.markFailed(push.id, this.owner, message, retryAt, notes, manager);
          if (marked && !retryAt) await this.ledger.record(manager, pushOutcomeEvents(push, { failure: message }));
        });
        return retryAt ? null : { unsubscribed: false, text: message };
      }
    });
    if (!settled || !push.contact_id) return;
    if (push.kind === 'opt_out') await this.doNotEmail.optOutSettled(push.contact_id, settled);
    // The delivery has just read the contact in CC: compare again, for free, and queue what still differs.
    await this.convergence
      .afterDelivery(push.contact_id)
      .catch((error: Error) => this.logger.warn(`convergence after push ${push.id}: ${error.message}`));
  }

  private handle(push: OutboxRow, notes: DeliveryNotes): Promise<string> {
    switch (push.kind) {
      case 'opt_out':
        return this.deliverOptOut(push, notes);
      case 'update':
        return this.deliverUpdate(push, notes);
      case 'add_membership':
        return this.deliverMembership(push);
      case 'remove_membership':
        return this.deliverMembershipRemoval(push);
      default:
        throw new PermanentPushFailure(`unknown push kind ${push.kind}`);
    }
  }

  /** Do Not Email → unsubscribed in CC (read, then PUT with only the permission changed). */
  private async deliverOptOut(push: OutboxRow, notes: DeliveryNotes): Promise<string> {
    const contact = await this.contact(push.contact_id);
    notes.crmUpdatedAt = contact.updated_at;
    if (!contact.do_not_email) return 'Do Not Email was turned off again before delivery: nothing to send';
    const found = await this.findInCtct(contact);
    notes.ctctUpdatedAt = found?.updated_at ?? null;
    if (!found) return 'not in Constant Contact: nothing to opt out';
    if (found.deleted_at) return 'deleted in Constant Contact: nothing to opt out';
    if (found.email_address?.permission_to_send === 'unsubscribed') {
      notes.unsubscribed = true;
      return 'already unsubscribed in Constant Contact';
    }
    const updated = await this.writer.unsubscribe(found, OPT_OUT_REASON);
    notes.ctctUpdatedAt = updated.updated_at ?? null;
    notes.unsubscribed = true;
    return 'unsubscribed in Constant Contact';
  }

  /**
   * A field push: the CRM's email and names as they are now (the row carries only the contact, so the latest edit
   * wins) → the linked CC contact, read first and PUT back with every other core field unchanged and without the
   * permission. Never to a deleted contact (a PUT would revive it); an address another CC contact holds fails
   * with the reason and changes nothing (CC refuses the whole PUT).
   */
  private async deliverUpdate(push: OutboxRow, notes: DeliveryNotes): Promise<string> {
    const contact = await this.contact(push.contact_id);
    notes.crmUpdatedAt = contact.updated_at;
    if (contact.deleted_at) return 'the CRM contact was deleted: nothing to send';
    if (!(await this.settings.get('push.fieldPushes'))) return 'not sent: field pushes are turned off in Settings';
    if (!contact.ctct_contact_id) return 'not linked to a Constant Contact contact: nothing to update';
    const found = await this.writer.get(contact.ctct_contact_id);
    notes.ctctUpdatedAt = found?.updated_at ?? null;
    if (!found) return 'gone from Constant Contact: nothing to update';
    if (found.deleted_at) return 'deleted in Constant Contact: not updated (a PUT would bring it back)';
    const wanted = wantedFields(contact, found);
    const changes = fieldDrift(wanted, found);
    if (changes.length === 0) return 'already up to date in Constant Contact';
    if (changes.includes('email')) {
      const refusal = ctctRefusalOf(wanted.address, 'contact');
      if (refusal) throw new PermanentPushFailure(`not sent: ${refusal}`);
    }
    try {
      const updated = await this.writer.updateFields(found, wanted);
      notes.ctctUpdatedAt = updated.updated_at ?? null;
    } catch (error) {
      if (!(error instanceof CtctApiError && error.httpStatus === 409)) throw error;
      throw new PermanentPushFailure(
        `another Constant Contact contact already has ${ctctLookupEmail(wanted.address)}, so nothing was changed there: ` +
          'correct the email in the CRM, or merge the two contacts in Constant Contact',
      );
    }
    return `updated in Constant Contact: ${changes.join(', ')}`;
  }

  /** The CRM put the contact on a CC list: create the contact in CC if needed, then add the membership. */
  private async deliverMembership(push: OutboxRow): Promise<string> {
    const contact = await this.contact(push.contact_id);
    const listId = await this.resolveList(push.payload as { listId?: string; listName?: string });
    if (contact.do_not_email) return 'not added: the contact is marked Do Not Email';
    if (!contact.email || !isPlausibleEmail(contact.email.trim())) throw new PermanentPushFailure('the contact has no valid email address');
    let found = await this.findInCtct(contact);
    if (!found) {
      // Kept in the CRM, but not sent: CC would answer 400 to an address its contract refuses.
      const refusal = ctctRefusalOf(contact.email, 'contact');
      if (refusal) return `not added: ${refusal}`;
      try {
        const { email, first_name: firstName, last_name: lastName } = contact;
        const created = await this.writer.create({ email, firstName, lastName, listIds: [listId] });
        await this.linkTo(contact, created.contact_id);
        return 'created in Constant Contact and added to the list';
      } catch (error) {
        // 409: CC has the address after all (created meanwhile, or deleted there): find it by email and link it.
        if (!(error instanceof CtctApiError && error.httpStatus === 409)) throw error;
        found = await this.findByEmailAndLink(contact);
        if (!found) throw new PermanentPushFailure('Constant Contact says the address exists, but looking it up finds no contact');
      }
    }
    if (found.deleted_at) throw new PermanentPushFailure('deleted in Constant Contact: restore it there first');
    if (found.email_address?.permission_to_send === 'unsubscribed') return 'not added: unsubscribed in Constant Contact';
    if (found.list_memberships?.includes(listId)) return 'already a member of the list';
    await this.client.call('postListAddContact', {
      body: { source: { contact_ids: [found.contact_id] }, list_ids: [listId] },
    });
    await this.mirror.addListMembership(this.dataSource, [found.contact_id], listId);
    return 'added to the list in Constant Contact';
  }

  private async deliverMembershipRemoval(push: OutboxRow): Promise<string> {
    const contact = await this.contact(push.contact_id);
    const listId = (push.payload as { listId: string }).listId;
    if (!contact.ctct_contact_id) return 'not in Constant Contact: nothing to remove';
    await this.client.call('postListRemoveContact', {
      body: { source: { contact_ids: [contact.ctct_contact_id] }, list_ids: [listId] },
    });
    await this.mirror.removeListMembership(this.dataSource, contact.ctct_contact_id, listId);
    return 'removed from the list in Constant Contact';
  }

  /**
   * The CC contact for a CRM contact: by its stored id, else by email (and then linked). When CC answers 404 for the
   * stored id (deleted and purged), the address may live on under a new id (re-created): found by email, the
   * contact is re-linked to it, so the push reaches the person the CRM means.
   */
  private async findInCtct(contact: ContactRow): Promise<CtctContactFull | null> {
    if (contact.ctct_contact_id) {
      const byId = await this.writer.get(contact.ctct_contact_id);
      if (byId) return byId;
      await this.mirror.markContactGone(this.dataSource, contact.ctct_contact_id);
    }
    return this.findByEmailAndLink(contact);
  }

  /**
   * Looks the address up as CC wants it (lower-cased, status=all) and links what it finds — only when the found
   * address has the CRM contact's email key and no other live CC contact could be this person (the mirror's loose
   * key: a spelling CC keeps apart, or one equal only after a folding CC may not make). Otherwise it needs review:
   * neither linked nor written to (an opt-out would unsubscribe the wrong person), both sides named.
   */
  private async findByEmailAndLink(contact: ContactRow): Promise<CtctContactFull | null> {
    if (!contact.email || !isPlausibleEmail(contact.email.trim())) return null;
    const byEmail = await this.writer.findByEmail(contact.email);
    if (!byEmail) return null;
    const theirs = byEmail.email_address?.address ?? null;
    if (emailKey(theirs) !== emailKey(contact.email)) {
      const why = equalOnlyByUnsafeFolding(theirs, contact.email) ? 'only by a case folding Constant Contact may not make' : 'not exactly';
      throw new PermanentPushFailure(
        `needs review: Constant Contact's ${theirs} matches the CRM's ${contact.email.trim()} ${why}; not linked, nothing sent`,
      );
    }
    const twins = (await this.mirror.liveByLooseKey(this.dataSource, looseEmailKey(contact.email)!)).filter(
      (twin) => twin.contact_id !== byEmail.contact_id,
    );
    if (twins.length > 0) {
      const named = [byEmail, ...twins.map((twin) => ({ contact_id: twin.contact_id, email_address: { address: twin.email_address } }))];
      throw new PermanentPushFailure(
        `needs review: ${named.length} Constant Contact contacts could be the CRM's ${contact.email.trim()}: ` +
          `${named.map((one) => `${one.email_address?.address} (${one.contact_id})`).join(', ')}; not linked, nothing sent`,
      );
    }
    if (!byEmail.deleted_at) await this.linkTo(contact, byEmail.contact_id);
    return byEmail;
  }

  /** The one link rule (ContactLinks): link, or re-link from a CC contact CC no longer has. */
  private async linkTo(contact: ContactRow, ctctId: string): Promise<void> {
    if (!contact.ctct_contact_id) await this.links.link(this.dataSource, contact.id, ctctId);
    else if (contact.ctct_contact_id !== ctctId) {
      await this.links.relink(this.dataSource, { crmId: contact.id, ctctId, fromCtctId: contact.ctct_contact_id });
    }
  }

  private async resolveList(payload: { listId?: string; listName?: string }): Promise<string> {
    if (payload.listId) return payload.listId;
    if (!payload.listName) throw new PermanentPushFailure('no target list');
    const known = await this.mirror.liveListNamed(this.dataSource, payload.listName);
    if (known) return known.list_id;
    const created = await this.client.call('createList', { body: { name: payload.listName } }).catch(async (error) => {
      // 409: the list exists in CC but our mirror has not seen it yet.
      if (error instanceof CtctApiError && error.httpStatus === 409) {
        const page = await this.client.call('getLists', { query: { name: payload.listName, limit: 1 } });
        if (page.lists[0]) return { list_id: page.lists[0].list_id, name: payload.listName! };
      }
      throw error;
    });
    await this.mirror.recordCreatedList(this.dataSource, created.list_id, created.name ?? payload.listName);
    return created.list_id;
  }

  /** The CRM contact as it is now, deleted or not (a read of contacts for the delivery: it never writes them). */
  private async contact(id: string | null): Promise<ContactRow> {
    const row = await sql.one<ContactRow>(
      this.dataSource,
      `SELECT id, email, first_name, last_name, do_not_email, ctct_contact_id, updated_at::text, deleted_at FROM contacts WHERE id = $1`,
      [id],
    );
    if (!row) throw new PermanentPushFailure('the CRM contact no longer exists');
    return row;
  }

  private classify(error: unknown, attempts: number): { message: string; retryAt: Date | null } {
    const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
    if (error instanceof PermanentPushFailure) return { message: error.message, retryAt: null };
    if (error instanceof CtctQuotaExceededError) return { message: error.message, retryAt: error.resumesAt };
    if (error instanceof CtctNeedsReconnectError || error instanceof CtctNotConnectedError) {
      // Kept, not dropped: delivered once the connection is back.
      return { message: error.message, retryAt: later(60) };
    }
    if (error instanceof CtctApiError && error.httpStatus !== null && error.httpStatus >= 400 && error.httpStatus < 500) {
      return { message: error.message, retryAt: null };
    }
    const delay = RETRY_DELAYS_S[Math.min(attempts - 1, RETRY_DELAYS_S.length - 1)];
    return { message: (error as Error).message ?? String(error), retryAt: later(delay) };
  }
}
