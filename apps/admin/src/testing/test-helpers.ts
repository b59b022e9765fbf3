import {
  HttpInterceptorFn,
  HttpRequest,
  HttpResponse,
  provideHttpClient,
  withInterceptors,
  withXsrfConfiguration,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Routes, withComponentInputBinding } from '@angular/router';
import { CSRF_COOKIE, CSRF_HEADER } from '@ctct/shared-types';
import type {
  ApiCallLogDetailDto,
  ApiCallLogDto,
  ApiErrorBody,
  CampaignStatsDto,
  CampaignTimelineDto,
  ConsentEventDto,
  ConsentServiceLevelDto,
  ContactCtctStatusDto,
  ContactDto,
  CtctBudgetUsageDto,
  CtctConnectionDto,
  DoNotEmailStateDto,
  CtctListDto,
  EngagementSummaryDto,
  IntegrationSettingsDto,
  InteractionDto,
  Page,
  ReconciliationContactDto,
  ReconciliationSummaryDto,
  SyncJobName,
  SyncJobStatusDto,
  SyncRunDto,
  SyncRunRecordDto,
} from '@ctct/shared-types';
import { of } from 'rxjs';
import { authInterceptor } from '../app/core/auth/auth.interceptor';

/** A request a test does not look at (e.g. the contacts count beside the list), answered at once with `body`. */
export interface AutoAnswer {
  match: (req: HttpRequest<unknown>) => boolean;
  body: unknown;
}

/**
 * What the app provides at bootstrap, with HttpClient answered by HttpTestingController — except the requests in
 * `autoAnswer`, which never reach it (so a suite about one thing is not held up by another's background request).
 */
export function provideTestApp(routes: Routes, options: { autoAnswer?: AutoAnswer[] } = {}): (Provider | EnvironmentProviders)[] {
  const answers = options.autoAnswer ?? [];
  const autoAnswer: HttpInterceptorFn = (req, next) => {
    const answer = answers.find((candidate) => candidate.match(req));
    return answer ? of(new HttpResponse({ status: 200, body: answer.body })) : next(req);
  };
  return [
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(
      withInterceptors([authInterceptor, autoAnswer]),
      withXsrfConfiguration({ cookieName: CSRF_COOKIE, headerName: CSRF_HEADER }),
    ),
    provideHttpClientTesting(),
  ];
}

/** GET /api/contacts/count, answered with an exact count. */
export const CONTACT_COUNT = (count = 2): AutoAnswer => ({
  match: (req) => req.method === 'GET' && req.url === '/api/contacts/count',
  body: { count, kind: 'exact' },
});

/** GET /api/sync/lists (the synced CC lists a page names or checks against), answered with `lists`. */
export const SYNCED_LISTS = (lists: CtctListDto[] = []): AutoAnswer => ({
  match: (req) => req.method === 'GET' && req.url === '/api/sync/lists',
  body: lists,
});

export function httpMock(): HttpTestingController {
  return TestBed.inject(HttpTestingController);
}

export function byTestId<T extends Element = HTMLElement>(root: Element | Document, id: string): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element with data-testid="${id}"`);
  return el;
}

export function allByTestId<T extends Element = HTMLElement>(root: Element | Document, id: string): T[] {
  return Array.from(root.querySelectorAll<T>(`[data-testid="${id}"]`));
}

export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

export function pressEnter(el: Element): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
}

export function apiError(statusCode: number, message: string, fields?: ApiErrorBody['fields']): ApiErrorBody {
  return { statusCode, error: 'Error', message, ...(fields ? { fields } : {}) };
}

export function aContact(overrides: Partial<ContactDto> = {}): ContactDto {
  return {
    id: 'c-1',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    jobTitle: 'Analyst',
    phone: null,
    type: 'customer',
    doNotEmail: false,
    ctctContactId: null,
    createdAt: '2026-01-02T10:00:00.000Z',
    updatedAt: '2026-02-03T11:00:00.000Z',
    ...overrides,
  };
}

export function aPage<T = ContactDto>(items: T[], nextCursor: string | null = null): Page<T> {
  return { items, nextCursor };
}

/** A connected sandbox connection; override `state` etc. for the other cases. */
export function aConnection(overrides: Partial<CtctConnectionDto> = {}): CtctConnectionDto {
  return {
    state: 'connected',
    reason: null,
    target: 'sandbox',
    account: { encodedAccountId: 'a07e1sandbox0001', organizationName: 'Sandbox Organization', email: 'owner@sandbox.ctct.local' },
    scopes: ['account_read', 'contact_data', 'campaign_data', 'offline_access'],
    connectedAt: '2026-11-20T10:00:00.000Z',
    accessTokenExpiresAt: '2026-11-24T01:30:00.000Z',
    lastRefreshedAt: '2026-11-23T01:30:00.000Z',
    budget: { perSecond: 4, perDay: 10_000, usedToday: 1234, remainingToday: 8766, quotaExhaustedUntil: null },
    configured: true,
    ...overrides,
  };
}

/** What GET /api/ctct/connection answers when nothing is connected. */
export function aDisconnectedConnection(overrides: Partial<CtctConnectionDto> = {}): CtctConnectionDto {
  return aConnection({
    state: 'disconnected',
    account: null,
    scopes: [],
    connectedAt: null,
    accessTokenExpiresAt: null,
    lastRefreshedAt: null,
    budget: { perSecond: 4, perDay: 10_000, usedToday: 0, remainingToday: 10_000, quotaExhaustedUntil: null },
    ...overrides,
  });
}

export function aLogEntry(overrides: Partial<ApiCallLogDto> = {}): ApiCallLogDto {
  return {
    id: 'log-1',
    externalSystem: 'CTCT',
    operation: 'contacts.list',
    method: 'GET',
    path: '/v3/contacts',
    query: 'limit=500',
    status: 200,
    durationMs: 123,
    attempt: 1,
    jobRunId: null,
    userId: null,
    userEmail: null,
    requestId: 'req-1',
    errorKey: null,
    errorMessage: null,
    decision: null,
    createdAt: '2026-11-23T01:00:00.000Z',
    ...overrides,
  };
}

export function aLogDetail(overrides: Partial<ApiCallLogDetailDto> = {}): ApiCallLogDetailDto {
  return { ...aLogEntry(), requestBody: null, responseBody: null, ...overrides };
}

export function aSettings(overrides: Partial<IntegrationSettingsDto> = {}): IntegrationSettingsDto {
  return {
    schedules: { lists: '30 0 * * *', 'link-contacts': '45 0 * * *', activities: '15 1 * * *' },
    listMembershipTrigger: true,
    fieldPushes: true,
    contactTypeListRules: { enabled: false, lists: { customer: 'Customers', supplier: 'Suppliers', lead: 'Leads' } },
    optOutSetsDoNotEmail: true,
    linkFullPassEveryDays: 7,
    apiLogRetentionDays: 30,
    pushReservePercent: 10,
    ratePlan: { perSecond: 4, perDay: 10_000 },
    ...overrides,
  };
}

export function aRun(overrides: Partial<SyncRunDto> = {}): SyncRunDto {
  return {
    id: 'run-1',
    job: 'lists',
    trigger: 'manual',
    status: 'succeeded',
    statusReason: null,
    mode: null,
    queuedAt: '2026-11-23T00:30:00.000Z',
    startedAt: '2026-11-23T00:30:01.000Z',
    finishedAt: '2026-11-23T00:30:05.000Z',
    counts: { created: 3, updated: 1, linked: 0, skipped: 0, failed: 0 },
    apiCalls: 2,
    progress: { done: 4, total: 4, itemsPerSecond: 1 },
    notes: [],
    attempts: 1,
    pauseCause: null,
    resumeAfter: null,
    cancelRequested: false,
    actions: [],
    ...overrides,
  };
}

/** A run still going: queued → running with progress. */
export function aRunningRun(overrides: Partial<SyncRunDto> = {}): SyncRunDto {
  return aRun({
    status: 'running',
    finishedAt: null,
    counts: { created: 0, updated: 0, linked: 120, skipped: 3, failed: 0 },
    progress: { done: 123, total: 600, itemsPerSecond: 41 },
    actions: ['cancel'],
    ...overrides,
  });
}

export function aJobStatus(job: SyncJobName, overrides: Partial<SyncJobStatusDto> = {}): SyncJobStatusDto {
  return {
    job,
    schedule: aSettings().schedules[job],
    nextRunAt: '2026-11-24T00:30:00.000Z',
    activeRun: null,
    lastRun: null,
    ...overrides,
  };
}

export function aRecord(overrides: Partial<SyncRunRecordDto> = {}): SyncRunRecordDto {
  return {
    id: 'rec-1',
    outcome: 'linked',
    reason: 'Same email',
    crmContactId: 'c-1',
    ctctId: 'cc-1',
    label: 'ada@example.com',
    createdAt: '2026-11-23T00:30:02.000Z',
    ...overrides,
  };
}

export function aList(overrides: Partial<CtctListDto> = {}): CtctListDto {
  return {
    listId: 'l-1',
    name: 'Newsletter',
    description: 'Monthly news',
    membershipCount: 1200,
    status: 'active',
    updatedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

export function aDneState(overrides: Partial<DoNotEmailStateDto> = {}): DoNotEmailStateDto {
  const message = 'Off: Constant Contact may email them.';
  return { state: 'may_email', doNotEmail: false, mayTurnOff: true, message, ctctContactId: null, ...overrides };
}

export function aCtctStatus(overrides: Partial<ContactCtctStatusDto> = {}): ContactCtctStatusDto {
  return {
    ctctContactId: null,
    linked: false,
    permissionToSend: null,
    optOut: null,
    deletedInCtct: false,
    ctctEmail: null,
    emailDiffers: false,
    listIds: [],
    syncedAt: null,
    ...overrides,
  };
}

export function anEngagement(overrides: Partial<EngagementSummaryDto> = {}): EngagementSummaryDto {
  return { sends: 0, opens: 0, clicks: 0, bounces: 0, forwards: 0, optouts: 0, lastActivityAt: null, ...overrides };
}

export function anInteraction(overrides: Partial<InteractionDto> = {}): InteractionDto {
  return {
    id: 'i-1',
    type: 'email_send',
    occurredAt: '2026-11-20T09:00:00.000Z',
    description: 'Sent "Spring newsletter"',
    campaignName: 'Spring newsletter',
    campaignId: 'cmp-1',
    campaignActivityId: 'act-1',
    url: null,
    bounceCode: null,
    optOutReason: null,
    ...overrides,
  };
}

export function aCampaign(overrides: Partial<CampaignStatsDto> = {}): CampaignStatsDto {
  return {
    campaignId: 'cmp-1',
    name: 'Spring newsletter',
    type: 'NEWSLETTER',
    lastSentAt: '2026-11-20T09:00:00.000Z',
    tracked: true,
    ctctUniqueCounts: { sends: 200, opens: 84, clicks: 21, bounces: 4, forwards: 1, optouts: 2 },
    imported: { sends: 150, opens: 60, clicks: 15, bounces: 3, forwards: 1, optouts: 2 },
    ...overrides,
  };
}

/** `points` consecutive buckets (days, or hours with `bucket: 'hour'`) with decreasing opens and clicks. */
export function aTimeline(points: number, overrides: Partial<CampaignTimelineDto> = {}): CampaignTimelineDto {
  const step = overrides.bucket === 'hour' ? 3_600_000 : 86_400_000;
  return {
    campaignId: 'cmp-1',
    bucket: 'day',
    points: Array.from({ length: points }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 20) + i * step).toISOString(),
      opens: 10 * (points - i),
      clicks: 3 * (points - i),
      bounces: i === 0 ? 4 : 0,
      optouts: i === 1 ? 2 : 0,
      forwards: 0,
    })),
    ...overrides,
  };
}

/**
 * Waits (real timers) until exactly one request matching `match` is open and returns it. Needed instead of
 * `fixture.whenStable()` because a pending resource request keeps the app unstable until it is answered.
 */
export async function nextRequest(match: (req: HttpRequest<unknown>) => boolean, description = 'request'): Promise<TestRequest> {
  for (let i = 0; i < 100; i++) {
    const found = httpMock().match(match);
    if (found.length > 1) throw new Error(`expected one ${description}, found ${found.length}`);
    if (found.length === 1) return found[0];
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no ${description} was made`);
}

/** Like `nextRequest`, for when `count` matching requests are expected at once (e.g. the shell and a page). */
export async function nextRequests(
  match: (req: HttpRequest<unknown>) => boolean,
  count: number,
  description = 'request',
): Promise<TestRequest[]> {
  const found: TestRequest[] = [];
  for (let i = 0; i < 100 && found.length < count; i++) {
    // match() takes the requests off the open list: keep them.
    found.push(...httpMock().match(match));
    if (found.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (found.length !== count) throw new Error(`expected ${count} × ${description}, found ${found.length}`);
  return found;
}

/**
 * afterEach: fails on unanswered requests, and always resets TestBed so one failing test does not cascade
 * into "test module already instantiated" in the next ones.
 */
export function verifyNoOpenRequests(): void {
  try {
    httpMock().verify();
  } finally {
    TestBed.resetTestingModule();
  }
}

/** Opens a mat-select (by its data-testid) and clicks the option with this text. Works while a request is pending. */
export async function chooseOption(root: HTMLElement, selectTestId: string, optionText: string): Promise<void> {
  byTestId(root, selectTestId).click();
  for (let i = 0; i < 50; i++) {
    const options = Array.from(document.querySelectorAll<HTMLElement>('mat-option'));
    const option = options.find((o) => o.textContent?.trim() === optionText);
    if (option) {
      option.click();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no option "${optionText}" in ${selectTestId}`);
}

/** The CC lists a sandbox account usually has, named as the contact-type rules' defaults. */
export const USUAL_LISTS: CtctListDto[] = [
  aList({ listId: 'l-cust', name: 'Customers' }),
  aList({ listId: 'l-supp', name: 'Suppliers' }),
  aList({ listId: 'l-lead', name: 'Leads' }),
  aList({ listId: 'l-news', name: 'Newsletter' }),
];

/**
 * Answers the settings page's loads below the connection card: GET /api/settings, GET /api/sync/jobs and the
 * synced lists (GET /api/sync/lists, for the contact-type rules).
 */
export async function answerSettingsCards(
  settings: IntegrationSettingsDto = aSettings(),
  jobs: SyncJobStatusDto[] = (['lists', 'link-contacts', 'activities'] as const).map((job) => aJobStatus(job)),
  lists: CtctListDto[] = USUAL_LISTS,
): Promise<void> {
  (await nextRequest((r) => r.method === 'GET' && r.url === '/api/settings', 'GET /api/settings')).flush(settings);
  (await nextRequest((r) => r.method === 'GET' && r.url === '/api/sync/jobs', 'GET /api/sync/jobs')).flush(jobs);
  (await nextRequest((r) => r.method === 'GET' && r.url === '/api/sync/lists', 'GET /api/sync/lists')).flush(lists);
  // The opt-out service level card, shown once the settings are loaded.
  const isServiceLevel = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/consent/service-level';
  (await nextRequest(isServiceLevel, 'GET /api/consent/service-level')).flush(aServiceLevel());
  (await nextRequest((r) => r.method === 'GET' && r.url === '/api/ctct/budget', 'GET /api/ctct/budget')).flush(aBudgetUsage());
}

/** Every opt-out in CC; 12 delivered in the last 7 days. */
export function aServiceLevel(overrides: Partial<ConsentServiceLevelDto> = {}): ConsentServiceLevelDto {
  return {
    notReflected: 0,
    queued: 0,
    failed: 0,
    unpushed: 0,
    oldestSince: null,
    oldestAgeSeconds: null,
    oldestBusinessDays: null,
    recent: { days: 7, delivered: 12, p50Seconds: 1.8, p95Seconds: 4.2, maxSeconds: 6 },
    targetSeconds: 900,
    legalLimitBusinessDays: 10,
    status: 'ok',
    measuredAt: '2026-11-23T10:05:00.000Z',
    ...overrides,
  };
}

export function aConsentEvent(overrides: Partial<ConsentEventDto> = {}): ConsentEventDto {
  return {
    id: 'ce-1',
    contactId: 'c-1',
    kind: 'do_not_email_set',
    actorType: 'crm_user',
    actorId: 'u-1',
    actorLabel: 'admin@example.com',
    source: 'crm',
    reason: 'Do Not Email turned on in the CRM',
    email: 'ada@example.com',
    ctctContactId: 'cc-1',
    pushId: null,
    apiCallLogId: null,
    jobRunId: null,
    requestId: 'req-1',
    occurredAt: '2026-11-23T10:00:00.000Z',
    recordedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

export function aReconciledContact(overrides: Partial<ReconciliationContactDto> = {}): ReconciliationContactDto {
  return {
    contactId: 'c-1',
    class: 'drift',
    driftFields: ['firstName'],
    reason: 'differs in Constant Contact: first name',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    doNotEmail: false,
    ctctContactId: 'cc-1',
    ctct: { email: 'ada@example.com', firstName: 'Adah', lastName: 'Lovelace', permission: 'implicit', deleted: false },
    pushPending: false,
    ...overrides,
  };
}

/** 1,000 contacts: 900 in agreement, 40 drifting, 50 not in CC, 10 needing review; one list. */
export function aReconciliation(overrides: Partial<ReconciliationSummaryDto> = {}): ReconciliationSummaryDto {
  type ClassName = ReconciliationSummaryDto['classes'][number]['class'];
  const klass = (name: ClassName, label: string, count: number, fix: string) => ({ class: name, label, count, fix, samples: [] });
  return {
    generatedAt: '2026-11-23T10:05:00.000Z',
    mirrorSyncedAt: '2026-11-23T01:00:00.000Z',
    total: 1_000,
    classes: [
      klass('in_agreement', 'Linked and in agreement', 900, 'Nothing to do.'),
      {
        ...klass('drift', 'Linked, with drift', 40, 'Fix drift queues the pushes.'),
        fields: { email: 2, firstName: 30, lastName: 10, doNotEmail: 5 },
        samples: [aReconciledContact()],
      },
      klass('awaiting_link', 'In Constant Contact, not linked yet', 0, 'The next link run links them.'),
      klass('not_in_ctct', 'Not in Constant Contact', 50, 'Nothing to fix.'),
      klass('needs_review', 'Needs review', 10, 'Merge or correct the duplicates.'),
      klass('ctct_deleted', 'Constant Contact contact deleted', 0, 'Restore it in Constant Contact.'),
      klass('ctct_unsubscribed', 'Constant Contact unsubscribed', 0, 'Turn Do Not Email on.'),
    ],
    lists: [{ listId: 'l-1', name: 'Newsletter', crmCount: 120, crmNotInCtct: 3, ctctCount: 1_200, mirrorCount: 1_198 }],
    ...overrides,
  };
}

export function aBudgetUsage(overrides: Partial<CtctBudgetUsageDto> = {}): CtctBudgetUsageDto {
  return {
    budget: {
      perSecond: 4,
      perDay: 10_000,
      usedToday: 1234,
      remainingToday: 8766,
      quotaExhaustedUntil: null,
      pushReservePercent: 10,
      runsRemainingToday: 7766,
      resetsAt: '2026-03-11T00:00:01.000Z',
      ccClockOffsetMs: -40,
    },
    since: '2026-03-10T00:00:01.000Z',
    byKind: [
      { kind: 'run', calls: 1180 },
      { kind: 'membership', calls: 40 },
      { kind: 'opt-out', calls: 14 },
    ],
    byJob: [
      { job: 'link-contacts', calls: 1000 },
      { job: 'activities', calls: 180 },
    ],
    tokenCalls: 1,
    ...overrides,
  };
}
