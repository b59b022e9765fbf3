import { HttpRequest, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Routes, withComponentInputBinding } from '@angular/router';
import type { ApiCallLogDetailDto, ApiCallLogDto, ApiErrorBody, ContactDto, CtctConnectionDto, Page } from '@ctct/shared-types';
import { authInterceptor } from '../app/core/auth/auth.interceptor';

/** What the app provides at bootstrap, with HttpClient answered by HttpTestingController. */
export function provideTestApp(routes: Routes): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([authInterceptor])),
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
    createdAt: '2026-11-23T01:00:00.000Z',
    ...overrides,
  };
}

export function aLogDetail(overrides: Partial<ApiCallLogDetailDto> = {}): ApiCallLogDetailDto {
  return { ...aLogEntry(), requestBody: null, responseBody: null, ...overrides };
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
