import { randomUUID } from 'node:crypto';
import { SandboxClock } from '../clock';
import { ContactListRecord, ContactRecord, MAX_LISTS_PER_CONTACT, isActive, isUnsubscribed, normalizeEmailKey } from './contact.model';
import { UpdatedIndex } from './updated-index';

export type ContactStatusFilter = 'all' | 'active' | 'deleted' | 'not_set' | 'pending_confirmation' | 'temp_hold' | 'unsubscribed';

export interface ContactQuery {
  statuses?: ContactStatusFilter[];
  email?: string;
  lists?: string[];
  updatedAfter?: number;
  updatedBefore?: number;
  createdAfter?: number;
  createdBefore?: number;
  optoutAfter?: number;
  optoutBefore?: number;
}

/** Where a page ended: the (updated_at, rev) of its last contact. */
export interface ContactPosition {
  t: number;
  rev: number;
}

export type MembershipResult = 'added' | 'already_member' | 'list_limit' | 'unsubscribed';

/**
 * Contacts, lists and the memberships between them, with the indexes CC's queries need: by id, by
 * lower-cased email, by updated time, and each list's member set (by contact seq, compact).
 */
export class ContactStore {
  contacts: ContactRecord[] = [];
  private byId = new Map<string, ContactRecord>();
  private byEmail = new Map<string, ContactRecord>();
  private updated = new UpdatedIndex<ContactRecord>();
  lists = new Map<string, ContactListRecord>();
  private members = new Map<string, Set<number>>();
  private nextRev = 1;
  /** While true (scenario loads), inserts skip the updated-time index; `reindexUpdated` sorts once at the end. */
  bulkLoading = false;

  constructor(private readonly clock: SandboxClock) {}

  now(): number {
    return this.clock.now();
  }

  // ---- contacts -------------------------------------------------------------------------------

  getContact(id: string): ContactRecord | undefined {
    return this.byId.get(id);
  }

  /** The contact holding this address, whatever its case or surrounding spaces (uniqueness, control API). */
  findByEmail(address: string): ContactRecord | undefined {
    return this.byEmail.get(normalizeEmailKey(address));
  }

  /**
   * CC's `email` filter: matches only the stored, lower-cased form exactly. A mixed-case or padded query finds
   * nothing, as with CC (its notes say lookups must be lower-cased), so a client that forgets fails here too.
   */
  findByEmailFilter(query: string): ContactRecord | undefined {
    return this.byEmail.get(query);
  }

  contactBySeq(seq: number): ContactRecord {
    return this.contacts[seq];
  }

  /** Adds a contact built by the caller (id and timestamps may be preset by scenario loads). */
  insertContact(fields: Omit<ContactRecord, 'seq' | 'rev' | 'lists' | 'id'> & { id?: string; lists?: string[] }): ContactRecord {
    const contact: ContactRecord = {
      ...fields,
      id: fields.id ?? randomUUID(),
      seq: this.contacts.length,
      rev: this.nextRev++,
      lists: [],
    };
    this.contacts.push(contact);
    this.byId.set(contact.id, contact);
    if (contact.email) this.byEmail.set(normalizeEmailKey(contact.email.address), contact);
    if (!this.bulkLoading) this.updated.touch(contact, false);
    for (const listId of fields.lists ?? []) this.addMembership(contact, listId, { force: true, touch: false });
    return contact;
  }

  /** Marks a contact changed now: bumps updated_at and moves it to the end of the updated index. */
  touch(contact: ContactRecord, at = this.now()): void {
    contact.updatedAt = Math.max(at, contact.updatedAt);
    contact.rev = this.nextRev++;
    this.updated.touch(contact, true);
  }

  changeEmail(contact: ContactRecord, address: string): void {
    if (contact.email) this.byEmail.delete(normalizeEmailKey(contact.email.address));
    if (contact.email) contact.email.address = address;
    this.byEmail.set(normalizeEmailKey(address), contact);
  }

  /**
   * Removes a deleted contact for good, as CC eventually does: it leaves every listing (status=all included) and
   * its id answers 404, and its address is free, so creating it again gives a new contact id.
   */
  purge(contact: ContactRecord): void {
    for (const listId of [...contact.lists]) this.removeMembership(contact, listId, false);
    this.byId.delete(contact.id);
    if (contact.email && this.byEmail.get(normalizeEmailKey(contact.email.address)) === contact) {
      this.byEmail.delete(normalizeEmailKey(contact.email.address));
    }
    contact.purged = true;
    // A new rev leaves its entry in the updated-time index stale: scans skip it.
    contact.rev = this.nextRev++;
  }

  /** CC's delete is soft: the record stays (and keeps its email taken) but loses its list memberships. */
  softDelete(contact: ContactRecord): void {
    const now = this.now();
    for (const listId of [...contact.lists]) this.removeMembership(contact, listId, false);
    contact.deletedAt = now;
    this.touch(contact, now);
  }

  /** The page of contacts after `position` matching `query`, and where the next page starts. */
  queryContacts(
    query: ContactQuery,
    position: ContactPosition | undefined,
    limit: number,
  ): { contacts: ContactRecord[]; next?: ContactPosition } {
    const matches = contactMatcher(query, this.members);
    if (query.email !== undefined) {
      const contact = this.findByEmailFilter(query.email);
      const found = contact && matches(contact) && (!position || after(contact, position)) ? [contact] : [];
      return { contacts: found };
    }
    let from: number;
    if (position) from = this.updated.firstAfter(position.t, position.rev);
    else if (query.updatedAfter !== undefined) from = this.updated.firstAfter(query.updatedAfter - 1, Number.MAX_SAFE_INTEGER);
    else from = 0;
    const page: ContactRecord[] = [];
    for (const contact of this.updated.scan(from)) {
      if (query.updatedBefore !== undefined && contact.updatedAt >= query.updatedBefore) break;
      if (!matches(contact)) continue;
      if (page.length === limit) {
        const last = page[page.length - 1];
        return { contacts: page, next: { t: last.updatedAt, rev: last.rev } };
      }
      page.push(contact);
    }
    return { contacts: page };
  }

  countContacts(query: ContactQuery): number {
    const matches = contactMatcher(query, this.members);
    if (query.email !== undefined) {
      const contact = this.findByEmailFilter(query.email);
      return contact && matches(contact) ? 1 : 0;
    }
    let count = 0;
    for (const contact of this.contacts) if (!contact.purged && matches(contact)) count++;
    return count;
  }

  // ---- lists ----------------------------------------------------------------------------------

  getList(id: string): ContactListRecord | undefined {
    return this.lists.get(id);
  }

  findListByName(name: string): ContactListRecord | undefined {
    for (const list of this.lists.values()) if (!list.deletedAt && list.name === name) return list;
    return undefined;
  }

  liveListCount(): number {
    let n = 0;
    for (const list of this.lists.values()) if (!list.deletedAt) n++;
    return n;
  }

  insertList(fields: Omit<ContactListRecord, 'id'> & { id?: string }): ContactListRecord {
    const list: ContactListRecord = { ...fields, id: fields.id ?? randomUUID() };
    this.lists.set(list.id, list);
    this.members.set(list.id, new Set());
    return list;
  }

  /** Soft-deletes the list and drops its memberships (what the list_delete activity does). */
  deleteList(list: ContactListRecord): void {
    const now = this.now();
    for (const seq of [...(this.members.get(list.id) ?? [])]) this.removeMembership(this.contacts[seq], list.id, true);
    list.deletedAt = now;
    list.updatedAt = now;
  }

  memberSeqs(listId: string): ReadonlySet<number> {
    return this.members.get(listId) ?? new Set();
  }

  membershipCount(listId: string, which: 'all' | 'active'): number {
    let n = 0;
    for (const seq of this.memberSeqs(listId)) {
      const contact = this.contacts[seq];
      if (which === 'active' ? isActive(contact) : !contact.deletedAt) n++;
    }
    return n;
  }

  addMembership(contact: ContactRecord, listId: string, options: { force?: boolean; touch?: boolean } = {}): MembershipResult {
    const members = this.members.get(listId);
    if (!members) throw new Error(`unknown list ${listId}`);
    if (members.has(contact.seq)) return 'already_member';
    if (!options.force && isUnsubscribed(contact)) return 'unsubscribed';
    if (contact.lists.length >= MAX_LISTS_PER_CONTACT) return 'list_limit';
    members.add(contact.seq);
    contact.lists.push(listId);
    if (options.touch !== false) this.touch(contact);
    return 'added';
  }

  removeMembership(contact: ContactRecord, listId: string, touch = true): boolean {
    const members = this.members.get(listId);
    if (!members?.delete(contact.seq)) return false;
    contact.lists = contact.lists.filter((id) => id !== listId);
    if (touch) this.touch(contact);
    return true;
  }

  // ---- bulk -----------------------------------------------------------------------------------

  /** Empties the store (scenario loads and restores start from nothing). */
  clear(): void {
    this.contacts = [];
    this.byId.clear();
    this.byEmail.clear();
    this.updated = new UpdatedIndex<ContactRecord>();
    this.lists.clear();
    this.members.clear();
  }

  /** After a bulk load that set updatedAt directly, re-sort the updated index once. */
  reindexUpdated(): void {
    this.bulkLoading = false;
    for (const contact of this.contacts) contact.rev = this.nextRev++;
    this.updated.rebuild(this.contacts.filter((contact) => !contact.purged));
  }

  /** Re-links lists and memberships of contacts loaded with `lists` set directly. */
  rebuildMemberships(): void {
    for (const listId of this.lists.keys()) this.members.set(listId, new Set());
    for (const contact of this.contacts) for (const listId of contact.lists) this.members.get(listId)?.add(contact.seq);
  }

  /** For restores: insert a fully formed record as is. */
  restoreContact(contact: ContactRecord): void {
    contact.seq = this.contacts.length;
    this.contacts.push(contact);
    if (contact.purged) return;
    this.byId.set(contact.id, contact);
    if (contact.email) this.byEmail.set(normalizeEmailKey(contact.email.address), contact);
  }
}

function after(contact: ContactRecord, position: ContactPosition): boolean {
  return contact.updatedAt > position.t || (contact.updatedAt === position.t && contact.rev > position.rev);
}

function contactMatcher(query: ContactQuery, members: Map<string, Set<number>>): (c: ContactRecord) => boolean {
  const statuses = new Set(query.statuses ?? []);
  const wantsAll = statuses.has('all');
  const listSets = query.lists?.map((id) => members.get(id) ?? new Set<number>());
  return (c) => {
    if (!wantsAll) {
      if (statuses.size === 0) {
        if (c.deletedAt) return false;
      } else if (!statusMatches(c, statuses)) return false;
    }
    if (listSets && !listSets.some((set) => set.has(c.seq))) return false;
    if (query.updatedAfter !== undefined && c.updatedAt < query.updatedAfter) return false;
    if (query.updatedBefore !== undefined && c.updatedAt >= query.updatedBefore) return false;
    if (query.createdAfter !== undefined && c.createdAt < query.createdAfter) return false;
    if (query.createdBefore !== undefined && c.createdAt >= query.createdBefore) return false;
    if (query.optoutAfter !== undefined || query.optoutBefore !== undefined) {
      const optOut = c.email?.permission === 'unsubscribed' ? c.email.optOutDate : undefined;
      if (optOut === undefined) return false;
      if (query.optoutAfter !== undefined && optOut < query.optoutAfter) return false;
      if (query.optoutBefore !== undefined && optOut >= query.optoutBefore) return false;
    }
    return true;
  };
}

function statusMatches(c: ContactRecord, statuses: Set<string>): boolean {
  if (c.deletedAt) return statuses.has('deleted');
  if (statuses.has('active') && isActive(c)) return true;
  const permission = c.email?.permission ?? 'not_set';
  return statuses.has(permission) && permission !== 'explicit' && permission !== 'implicit';
}
