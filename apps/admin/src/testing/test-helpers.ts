import { HttpRequest, provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
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
  ContactCtctStatusDto,
  ContactDto,
  CtctConnectionDto,
  CtctListDto,
  EngagementSummaryDto,
  IntegrationSettingsDto,
  InteractionDto,
  Page,
  SyncJobName,
  SyncJobStatusDto,
  SyncRunDto,
  SyncRunRecordDto,
} from '@ctct/shared-types';
import { authInterceptor } from '../app/core/auth/auth.interceptor';

/** What the app provides at bootstrap, with HttpClient answered by HttpTestingController. */
export function provideTestApp(routes: Routes): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([authInterceptor]), withXsrfConfiguration({ cookieName: CSRF_COOKIE, headerName: CSRF_HEADER })),
    provideHttpClientTesting(),
  ];
}

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
    contactTypeListRules: { enabled: false, lists: { customer: 'Customers', supplier: 'Suppliers', lead: 'Leads' } },
    optOutSetsDoNotEmail: true,
    linkFullPassEveryDays: 7,
    apiLogRetentionDays: 30,
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

/** Answers the settings page's loads below the connection card: GET /api/settings and GET /api/sync/jobs. */
export async function answerSettingsCards(
  settings: IntegrationSettingsDto = aSettings(),
  jobs: SyncJobStatusDto[] = (['lists', 'link-contacts', 'activities'] as const).map((job) => aJobStatus(job)),
): Promise<void> {
  (await nextRequest((r) => r.method === 'GET' && r.url === '/api/settings', 'GET /api/settings')).flush(settings);
  (await nextRequest((r) => r.method === 'GET' && r.url === '/api/sync/jobs', 'GET /api/sync/jobs')).flush(jobs);
}
