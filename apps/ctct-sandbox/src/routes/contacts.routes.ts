import { notFound, validationError } from '../http/errors';
import { UUID_PATTERN, decodeCursor, encodeCursor } from '../http/query';
import { V3Operation, V3Request } from '../http/v3-router';
import { SandboxContext } from '../sandbox-context';
import { ContactRecord } from '../store/contact.model';
import { createContact, putContact, requestResubscribe, signUpForm } from '../store/contact.operations';
import { ContactPosition, ContactQuery, ContactStatusFilter } from '../store/contact.store';
import { CONTACT_INCLUDES, toContactResource } from '../store/contact.view';

const AREA = 'contacts';
const STATUSES: ContactStatusFilter[] = ['all', 'active', 'deleted', 'not_set', 'pending_confirmation', 'temp_hold', 'unsubscribed'];

/** What a contacts cursor carries: CC's cursors are opaque and hold the limit and filters. */
interface ContactsCursor {
  q: ContactQuery;
  limit: number;
  include: string[];
  count: boolean;
  at: ContactPosition;
}

function findContact(ctx: SandboxContext, id: string): ContactRecord {
  const contact = UUID_PATTERN.test(id) ? ctx.contacts.getContact(id) : undefined;
  if (!contact) throw notFound(AREA, `Contact ${id}`);
  return contact;
}

function includesOf(req: V3Request): Set<string> {
  return new Set(req.query.csv('include', { allowed: CONTACT_INCLUDES }) ?? []);
}

function readContactsQuery(req: V3Request, ctx: SandboxContext): Omit<ContactsCursor, 'at'> {
  const q = req.query;
  if (q.has('segment_id')) {
    // The sandbox has no segments; CC answers an unknown segment like this.
    throw notFound(AREA, `Segment ${q.string('segment_id')}`);
  }
  const lists = q.csv('lists', { maxItems: 25 });
  for (const id of lists ?? []) if (!UUID_PATTERN.test(id)) throw validationError(AREA, `lists: '${id}' is not a list id.`);
  q.csv('sms_status', { allowed: ['all', 'explicit', 'unsubscribed', 'pending_confirmation', 'not_set'] });
  q.csv('tags', { maxItems: 50 });
  const query: ContactQuery = {
    statuses: q.csv('status', { allowed: STATUSES }),
    // As CC: matched exactly against the stored lower-cased address, never trimmed or lower-cased for the caller.
    email: q.string('email'),
    lists,
    updatedAfter: q.dateTime('updated_after'),
    updatedBefore: q.dateTime('updated_before'),
    createdAfter: q.dateTime('created_after'),
    createdBefore: q.dateTime('created_before'),
    optoutAfter: q.dateTime('optout_after'),
    optoutBefore: q.dateTime('optout_before'),
  };
  for (const key of Object.keys(query) as (keyof ContactQuery)[]) if (query[key] === undefined) delete query[key];
  void ctx;
  return {
    q: query,
    limit: q.int('limit', { min: 1, max: 500, default: 50 }),
    include: [...includesOf(req)],
    count: q.bool('include_count') ?? false,
  };
}

export const contactsOperations: V3Operation[] = [
  {
    operationId: 'getContacts',
    method: 'get',
    path: '/contacts',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const cursorParam = req.query.string('cursor');
      const request: ContactsCursor | Omit<ContactsCursor, 'at'> = cursorParam
        ? decodeCursor<ContactsCursor>(cursorParam, AREA)
        : readContactsQuery(req, ctx);
      const at = (request as Partial<ContactsCursor>).at;
      const page = ctx.contacts.queryContacts(request.q, at, request.limit);
      const include = new Set(request.include);
      const body: Record<string, unknown> = { contacts: page.contacts.map((c) => toContactResource(c, include)) };
      if (request.count) body.contacts_count = ctx.contacts.countContacts(request.q);
      if (page.next) {
        const next: ContactsCursor = { q: request.q, limit: request.limit, include: request.include, count: request.count, at: page.next };
        body._links = { next: { href: `/v3/contacts?cursor=${encodeCursor(next)}` } };
      }
      return { status: 200, body };
    },
  },
  {
    operationId: 'createContact',
    method: 'post',
    path: '/contacts',
    scope: 'contact_data',
    area: AREA,
    body: 'ContactPostRequest',
    handle(req, ctx) {
      const contact = createContact(ctx.contacts, req.body);
      return { status: 201, body: toContactResource(contact, new Set(['list_memberships'])) };
    },
  },
  {
    operationId: 'countContact',
    method: 'get',
    path: '/contacts/counts',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const include = req.query.oneOf('include', ['new_subscriber'] as const);
      const counts = { total: 0, explicit: 0, implicit: 0, pending: 0, unsubscribed: 0 } as Record<string, number>;
      const monthAgo = ctx.clock.now() - 30 * 86_400_000;
      let newSubscribers = 0;
      for (const contact of ctx.contacts.contacts) {
        if (contact.deletedAt) continue;
        counts.total++;
        const permission = contact.email?.permission;
        if (permission === 'explicit' || permission === 'implicit' || permission === 'unsubscribed') counts[permission]++;
        if (permission === 'pending_confirmation') counts.pending++;
        if (contact.createdAt >= monthAgo && permission !== 'unsubscribed') newSubscribers++;
      }
      if (include) counts.new_subscriber = newSubscribers;
      return { status: 200, body: counts };
    },
  },
  {
    operationId: 'createOrUpdateContact',
    method: 'post',
    path: '/contacts/sign_up_form',
    scope: 'contact_data',
    area: AREA,
    body: 'ContactCreateOrUpdateInput',
    handle(req, ctx) {
      const { contact, action } = signUpForm(ctx.contacts, req.body);
      return { status: action === 'created' ? 201 : 200, body: { contact_id: contact.id, action } };
    },
  },
  {
    operationId: 'resubscribeContact',
    method: 'put',
    path: '/contacts/resubscribe/{contact_id}',
    scope: 'contact_data',
    area: AREA,
    body: 'ContactResubscribeRequest',
    handle(req, ctx) {
      requestResubscribe(ctx.contacts, findContact(ctx, req.params.contact_id), req.body);
      return { status: 200 };
    },
  },
  {
    operationId: 'getContact',
    method: 'get',
    path: '/contacts/{contact_id}',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const include = includesOf(req);
      return { status: 200, body: toContactResource(findContact(ctx, req.params.contact_id), include) };
    },
  },
  {
    operationId: 'putContact',
    method: 'put',
    path: '/contacts/{contact_id}',
    scope: 'contact_data',
    area: AREA,
    body: 'ContactPutRequest',
    handle(req, ctx) {
      const contact = putContact(ctx.contacts, findContact(ctx, req.params.contact_id), req.body);
      return { status: 200, body: toContactResource(contact, new Set(['list_memberships'])) };
    },
  },
  {
    operationId: 'deleteContact',
    method: 'delete',
    path: '/contacts/{contact_id}',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const contact = findContact(ctx, req.params.contact_id);
      if (contact.deletedAt) throw notFound(AREA, `Contact ${contact.id}`);
      ctx.contacts.softDelete(contact);
      return { status: 204 };
    },
  },
];
