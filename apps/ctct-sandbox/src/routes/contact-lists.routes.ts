import { V3Error, conflict, notFound, validationError } from '../http/errors';
import { UUID_PATTERN, decodeCursor, encodeCursor } from '../http/query';
import { V3Operation, V3Request } from '../http/v3-router';
import { SandboxContext } from '../sandbox-context';
import { toActivityResource } from '../store/bulk-activity.store';
import { ContactListRecord, MAX_LISTS_PER_ACCOUNT } from '../store/contact.model';
import { toContactList } from '../store/contact.view';

const AREA = 'contact_lists';

interface ListsCursor {
  statuses: string[];
  name?: string;
  sms: boolean;
  limit: number;
  count: boolean;
  membership?: 'all' | 'active';
  offset: number;
}

/** A malformed id is a 400, except where the operation declares no 400 (getList, deleteListActivity): there it is a 404. */
function findList(ctx: SandboxContext, id: string, allowDeleted = false, malformedStatus: 400 | 404 = 400): ContactListRecord {
  if (!UUID_PATTERN.test(id)) {
    throw malformedStatus === 400 ? validationError(AREA, `list_id '${id}' is not a valid UUID.`) : notFound(AREA, `List ${id}`);
  }
  const list = ctx.contacts.getList(id);
  if (!list || (list.deletedAt && !allowDeleted)) throw notFound(AREA, `List ${id}`);
  return list;
}

function membershipCountParam(req: V3Request) {
  return req.query.oneOf('include_membership_count', ['all', 'active'] as const);
}

function withCount(ctx: SandboxContext, list: ContactListRecord, which?: 'all' | 'active') {
  return toContactList(list, which ? ctx.contacts.membershipCount(list.id, which) : undefined);
}

export const contactListsOperations: V3Operation[] = [
  {
    operationId: 'getLists',
    method: 'get',
    path: '/contact_lists',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const cursorParam = req.query.string('cursor');
      let request: ListsCursor;
      if (cursorParam) request = decodeCursor<ListsCursor>(cursorParam, AREA);
      else {
        const q = req.query;
        // Spec quirk (SOURCES.md): the spec allows limit up to 1000 while its text says 500; the spec wins.
        request = {
          statuses: q.csv('status', { allowed: ['all', 'active', 'deleted'] }) ?? ['active'],
          name: q.string('name'),
          sms: q.oneOf('channel_type', ['email', 'sms'] as const) === 'sms',
          limit: q.int('limit', { min: 1, max: 1000, default: 50 }),
          count: q.bool('include_count') ?? false,
          membership: membershipCountParam(req),
          offset: 0,
        };
        q.bool('include_sms_membership_count');
      }
      const matching = [...ctx.contacts.lists.values()].filter((list) => {
        if (request.sms) return false; // the sandbox has no SMS lists
        if (request.name !== undefined && list.name !== request.name) return false;
        if (request.statuses.includes('all')) return true;
        return list.deletedAt ? request.statuses.includes('deleted') : request.statuses.includes('active');
      });
      const page = matching.slice(request.offset, request.offset + request.limit);
      const body: Record<string, unknown> = { lists: page.map((list) => withCount(ctx, list, request.membership)) };
      if (request.count) body.lists_count = matching.length;
      if (request.offset + request.limit < matching.length) {
        body._links = {
          next: { href: `/v3/contact_lists?cursor=${encodeCursor({ ...request, offset: request.offset + request.limit })}` },
        };
      }
      return { status: 200, body };
    },
  },
  {
    operationId: 'createList',
    method: 'post',
    path: '/contact_lists',
    scope: 'contact_data',
    area: AREA,
    body: 'ListInput',
    handle(req, ctx) {
      const name = String(req.body.name).trim();
      if (ctx.contacts.findListByName(name)) throw conflict(AREA, `A list named '${name}' already exists.`);
      if (ctx.contacts.liveListCount() >= MAX_LISTS_PER_ACCOUNT) {
        throw new V3Error(400, 'contact_lists.api.limit.exceeded', `An account can have at most ${MAX_LISTS_PER_ACCOUNT} lists.`);
      }
      const now = ctx.clock.now();
      const list = ctx.contacts.insertList({
        name,
        description: req.body.description,
        favorite: req.body.favorite ?? false,
        createdAt: now,
        updatedAt: now,
      });
      return { status: 201, body: toContactList(list) };
    },
  },
  {
    operationId: 'getList',
    method: 'get',
    path: '/contact_lists/{list_id}',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const list = findList(ctx, req.params.list_id, true, 404);
      return { status: 200, body: withCount(ctx, list, membershipCountParam(req)) };
    },
  },
  {
    operationId: 'putList',
    method: 'put',
    path: '/contact_lists/{list_id}',
    scope: 'contact_data',
    area: AREA,
    body: 'ListInput',
    handle(req, ctx) {
      const list = findList(ctx, req.params.list_id);
      const name = String(req.body.name).trim();
      const other = ctx.contacts.findListByName(name);
      if (other && other !== list) throw conflict(AREA, `A list named '${name}' already exists.`);
      list.name = name;
      list.favorite = req.body.favorite ?? false;
      list.description = req.body.description ?? undefined;
      list.updatedAt = ctx.clock.now();
      return { status: 200, body: toContactList(list) };
    },
  },
  {
    operationId: 'deleteListActivity',
    method: 'delete',
    path: '/contact_lists/{list_id}',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const list = findList(ctx, req.params.list_id, false, 404);
      const activity = ctx.bulk.create('list_delete', { list_count: 1 }, () => ctx.contacts.deleteList(list));
      const body = toActivityResource(activity);
      return { status: 202, body, headers: { Location: `/v3/activities/${activity.id}` }, after: () => ctx.bulk.start(activity) };
    },
  },
];
