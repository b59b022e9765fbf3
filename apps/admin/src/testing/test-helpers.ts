import { HttpRequest, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Routes, withComponentInputBinding } from '@angular/router';
import type { ApiErrorBody, ContactDto, Page } from '@ctct/shared-types';
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

export function aPage(items: ContactDto[], nextCursor: string | null = null): Page<ContactDto> {
  return { items, nextCursor };
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
