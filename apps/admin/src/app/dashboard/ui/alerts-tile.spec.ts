import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AlertDto } from '@ctct/shared-types';
import { ALERTS_URL } from '../../core/alerts/alerts.api';
import { aPage, byTestId, nextRequest, provideTestApp, verifyNoOpenRequests } from '../../../testing/test-helpers';
import { AlertsTile } from './alerts-tile';

@Component({ imports: [AlertsTile], template: `<app-alerts-tile />` })
class Host {}

@Component({ template: 'run page' })
class Stub {}

function anAlert(overrides: Partial<AlertDto> = {}): AlertDto {
  return {
    id: 'a-1',
    kind: 'run_failed',
    severity: 'error',
    title: 'A lists sync failed',
    message: 'CC kept failing. Retry carries on from where it stopped.',
    link: '/sync/runs/run-9',
    raisedAt: '2026-11-30T06:00:00.000Z',
    resolvedAt: null,
    readAt: null,
    ...overrides,
  };
}

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));

async function setUp(unread: number, open: AlertDto[]) {
  TestBed.configureTestingModule({
    providers: provideTestApp([
      { path: '', component: Host },
      { path: 'sync/runs/:id', component: Stub },
    ]),
  });
  const harness = await RouterTestingHarness.create('/');
  (await nextRequest((r) => r.url === `${ALERTS_URL}/unread-count`)).flush({ unread });
  const list = await nextRequest((r) => r.method === 'GET' && r.url === ALERTS_URL);
  expect(list.request.params.get('open')).toBe('true');
  expect(list.request.params.get('limit')).toBe('1');
  list.flush(aPage(open));
  await rendered();
  return { root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
}

describe('AlertsTile', () => {
  afterEach(verifyNoOpenRequests);

  it('shows the unread count and the latest open alert; its link marks it read and opens the page that fixes it', async () => {
    const { root, router } = await setUp(2, [anAlert()]);
    expect(text(byTestId(root, 'alerts-tile-unread'))).toBe('2 unread alerts.');
    expect(text(byTestId(root, 'alerts-tile-latest'))).toContain('A lists sync failed');
    expect(byTestId(root, 'alerts-tile-fix').getAttribute('href')).toBe('/sync/runs/run-9');

    byTestId<HTMLAnchorElement>(root, 'alerts-tile-fix').click();
    const read = await nextRequest((r) => r.method === 'POST' && r.url === `${ALERTS_URL}/a-1/read`);
    read.flush(anAlert({ readAt: '2026-11-30T07:00:00.000Z' }));
    await rendered();
    expect(router.url).toBe('/sync/runs/run-9');
  });

  it('says nothing needs attention when no alert is open', async () => {
    const { root } = await setUp(0, []);
    expect(text(byTestId(root, 'alerts-tile-unread'))).toBe('No unread alerts.');
    expect(text(byTestId(root, 'alerts-tile-empty'))).toBe('Nothing needs your attention.');
    expect(root.querySelector('[data-testid="alerts-tile-fix"]')).toBeNull();
  });
});
