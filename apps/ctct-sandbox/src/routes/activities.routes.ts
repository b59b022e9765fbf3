import { V3Error, notFound, validationError } from '../http/errors';
import { UUID_PATTERN, decodeCursor, encodeCursor } from '../http/query';
import { V3Operation, V3Reply } from '../http/v3-router';
import { SandboxContext } from '../sandbox-context';
import { BulkActivity, BulkActivityKind, MAX_QUEUED_ACTIVITIES, toActivityResource } from '../store/bulk-activity.store';
import {
  MembershipSource,
  addListMemberships,
  deleteContacts,
  importContacts,
  removeListMemberships,
  resolveSource,
} from '../store/bulk.operations';

const AREA = 'activities';
/** CC silently drops import data past 4 MB (facts §6): the integration must batch below it. */
export const JSON_IMPORT_MAX_BYTES = 4 * 1024 * 1024;
const STATES = ['processing', 'completed', 'cancelled', 'failed', 'timed_out'] as const;

function requireLiveLists(ctx: SandboxContext, listIds: string[], field: string, status = 400): void {
  for (const id of listIds) {
    const list = ctx.contacts.getList(id);
    if (!list || list.deletedAt) {
      throw status === 404 ? notFound(AREA, `List ${id}`) : validationError(AREA, `${field}: list ${id} does not exist.`);
    }
  }
}

function guardQueue(ctx: SandboxContext): void {
  if (ctx.bulk.queuedCount() >= MAX_QUEUED_ACTIVITIES) {
    throw new V3Error(429, 'activities.api.too_many_requests', 'You exceeded 1,000 queued activities for this account.');
  }
}

/** The source of a membership activity must name exactly one kind of selection. */
function readSource(body: { source: Record<string, unknown> }, allowed: string[]): MembershipSource {
  const given = Object.keys(body.source ?? {}).filter((k) => body.source[k] !== undefined && body.source[k] !== false);
  if (given.length !== 1) throw validationError(AREA, `source must contain exactly one of ${allowed.join(', ')}.`);
  if (!allowed.includes(given[0])) throw validationError(AREA, `source.${given[0]} is not supported by the sandbox.`);
  return body.source as MembershipSource;
}

function accepted(ctx: SandboxContext, kind: BulkActivityKind, status: Record<string, number>, work: BulkActivity['work']): V3Reply {
  const activity = ctx.bulk.create(kind, status, work);
  return { status: 201, body: toActivityResource(activity), after: () => ctx.bulk.start(activity) };
}

/** Keeps the import rows that fit in CC's first 4 MB of body; the rest is dropped without an error. */
export function rowsWithinImportLimit(rows: unknown[], bodyBytes: number): unknown[] {
  if (bodyBytes <= JSON_IMPORT_MAX_BYTES) return rows;
  let bytes = '{"import_data":['.length;
  let kept = 0;
  for (const row of rows) {
    bytes += Buffer.byteLength(JSON.stringify(row)) + 1;
    if (bytes > JSON_IMPORT_MAX_BYTES) break;
    kept++;
  }
  return rows.slice(0, kept);
}

export const activitiesOperations: V3Operation[] = [
  {
    operationId: 'getActivityStatusCollection',
    method: 'get',
    path: '/activities',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const cursor = req.query.string('cursor');
      const request = cursor
        ? decodeCursor<{ limit: number; state?: string; offset: number }>(cursor, AREA)
        : { limit: req.query.int('limit', { min: 1, max: 500, default: 50 }), state: req.query.oneOf('state', STATES), offset: 0 };
      const matching = ctx.bulk.activities.filter((a) => !request.state || a.state === request.state).reverse();
      const page = matching.slice(request.offset, request.offset + request.limit);
      const body: Record<string, unknown> = { activities: page.map(toActivityResource) };
      if (request.offset + request.limit < matching.length) {
        body._links = { next: { href: `/v3/activities?cursor=${encodeCursor({ ...request, offset: request.offset + request.limit })}` } };
      }
      return { status: 200, body };
    },
  },
  {
    operationId: 'getActivity',
    method: 'get',
    path: '/activities/{activity_id}',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const activity = UUID_PATTERN.test(req.params.activity_id) ? ctx.bulk.get(req.params.activity_id) : undefined;
      if (!activity) throw notFound(AREA, `Activity ${req.params.activity_id}`);
      return { status: 200, body: toActivityResource(activity) };
    },
  },
  {
    operationId: 'postListAddContact',
    method: 'post',
    path: '/activities/add_list_memberships',
    scope: 'contact_data',
    area: AREA,
    body: 'ListActivityAddContacts',
    handle(req, ctx) {
      const source = readSource(req.body, ['contact_ids', 'list_ids', 'all_active_contacts']);
      const listIds: string[] = req.body.list_ids;
      requireLiveLists(ctx, listIds, 'list_ids');
      requireLiveLists(ctx, source.list_ids ?? [], 'source.list_ids');
      guardQueue(ctx);
      const exclude: string[] = req.body.exclude?.contact_ids ?? [];
      const total = source.contact_ids?.length ?? resolveSource(ctx.contacts, source, exclude).length;
      return accepted(
        ctx,
        'add_list_memberships',
        { items_total_count: total, items_completed_count: 0, list_count: listIds.length },
        (a) => addListMemberships(ctx.contacts, resolveSource(ctx.contacts, source, exclude), listIds, a),
      );
    },
  },
  {
    operationId: 'postListRemoveContact',
    method: 'post',
    path: '/activities/remove_list_memberships',
    scope: 'contact_data',
    area: AREA,
    body: 'ListActivityRemoveContacts',
    handle(req, ctx) {
      const source = readSource(req.body, ['contact_ids', 'list_ids', 'all_active_contacts']);
      const listIds: string[] = req.body.list_ids;
      requireLiveLists(ctx, listIds, 'list_ids', 404);
      requireLiveLists(ctx, source.list_ids ?? [], 'source.list_ids', 404);
      guardQueue(ctx);
      const exclude: string[] = req.body.exclude?.contact_ids ?? [];
      const total = source.contact_ids?.length ?? resolveSource(ctx.contacts, source, exclude).length;
      return accepted(
        ctx,
        'remove_list_memberships',
        { items_total_count: total, items_completed_count: 0, list_count: listIds.length },
        (a) => removeListMemberships(ctx.contacts, resolveSource(ctx.contacts, source, exclude), listIds, a),
      );
    },
  },
  {
    operationId: 'bulkImportContactsJSON',
    method: 'post',
    path: '/activities/contacts_json_import',
    scope: 'contact_data',
    area: AREA,
    body: 'ContactsJsonImport',
    handle(req, ctx) {
      const listIds: string[] = req.body.list_ids;
      requireLiveLists(ctx, listIds, 'list_ids');
      guardQueue(ctx);
      const rows = rowsWithinImportLimit(req.body.import_data, req.bodyBytes) as Record<string, unknown>[];
      const dropped = req.body.import_data.length - rows.length;
      if (dropped) ctx.stats.recordImportRowsDropped(dropped);
      const status = { items_total_count: rows.length, person_count: 0, error_count: 0, correctable_count: 0, cannot_add_to_list_count: 0 };
      return accepted(ctx, 'contacts_json_import', status, (a) => importContacts(ctx.contacts, rows, listIds, a));
    },
  },
  {
    operationId: 'postContactDelete',
    method: 'post',
    path: '/activities/contact_delete',
    scope: 'contact_data',
    area: AREA,
    body: 'ContactDelete',
    handle(req, ctx) {
      const contactIds: string[] = req.body.contact_ids ?? [];
      const listIds: string[] = req.body.list_ids ?? [];
      if (contactIds.length > 0 === listIds.length > 0) {
        throw validationError(AREA, 'Specify either contact_ids or list_ids (not both).');
      }
      requireLiveLists(ctx, listIds, 'list_ids');
      guardQueue(ctx);
      return accepted(
        ctx,
        'contact_delete',
        { items_total_count: contactIds.length, items_completed_count: 0, list_count: listIds.length },
        (a) => deleteContacts(ctx.contacts, contactIds, listIds, a),
      );
    },
  },
];
