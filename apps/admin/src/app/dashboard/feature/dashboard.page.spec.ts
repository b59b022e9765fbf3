import { Component, type Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { ConnectionStatusService } from '../../core/connection-status.service';
import {
  aConnection,
  aDisconnectedConnection,
  aJobStatus,
  aPage,
  aRun,
  byTestId,
  nextRequest,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { DASHBOARD_TILES } from '../data-access/dashboard-tiles';
import { DashboardPage } from './dashboard.page';

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

@Component({
  template: `<h2>Drift</h2>
    <p data-testid="extra">3 contacts drift</p>`,
})
class DriftTile {}

async function openDashboard(connection: CtctConnectionDto, extraTiles: { id: string; order: number; component: Type<unknown> }[] = []) {
  TestBed.configureTestingModule({
    providers: [...provideTestApp([{ path: 'dashboard', component: DashboardPage }]), { provide: DASHBOARD_TILES, useValue: extraTiles }],
  });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl('/dashboard');
  (await nextRequest((r) => r.url === '/api/ctct/connection')).flush(connection);
  (await nextRequest((r) => r.url === '/api/sync/jobs')).flush([
    aJobStatus('lists', { lastRun: aRun({ id: 'run-9', status: 'succeeded' }) }),
    aJobStatus('link-contacts', { lastRun: aRun({ id: 'run-8', job: 'link-contacts', status: 'failed' }) }),
    aJobStatus('activities'),
  ]);
  const runs = await nextRequest((r) => r.url === '/api/sync/runs');
  expect(runs.request.params.get('limit')).toBe('5');
  runs.flush(aPage([aRun({ id: 'run-9' }), aRun({ id: 'run-8', job: 'link-contacts', status: 'failed' })]));
  await harness.fixture.whenStable();
  return harness.fixture.nativeElement as HTMLElement;
}

describe('DashboardPage', () => {
  afterEach(verifyNoOpenRequests);

  it("shows the connection, today's API budget, the jobs and the latest runs", async () => {
    const root = await openDashboard(aConnection());

    expect(text(byTestId(root, 'dashboard-connection-state'))).toContain('Connected');
    expect(text(byTestId(root, 'tile-connection'))).toContain('Sandbox Organization');
    expect(text(byTestId(root, 'dashboard-budget-used'))).toBe('1,234 of 10,000 calls used today (12%)');
    expect(text(byTestId(root, 'dashboard-job-lists'))).toContain('Succeeded');
    expect(text(byTestId(root, 'dashboard-job-link-contacts'))).toContain('Failed');
    expect(text(byTestId(root, 'dashboard-job-activities'))).toContain('Never run');
    expect(root.querySelectorAll('[data-testid="dashboard-run"]')).toHaveLength(2);
    // What it learned about the connection, the rest of the app knows too.
    expect(TestBed.inject(ConnectionStatusService).state()).toBe('connected');
  });

  it('offers Connect straight away when Constant Contact is not connected', async () => {
    const root = await openDashboard(aDisconnectedConnection());
    expect(text(byTestId(root, 'dashboard-connection-state'))).toContain('Not connected');
    expect(byTestId<HTMLButtonElement>(root, 'dashboard-connect').textContent).toContain('Connect');
  });

  it('warns when the daily quota is used up', async () => {
    const root = await openDashboard(
      aConnection({
        budget: { perSecond: 4, perDay: 10_000, usedToday: 10_000, remainingToday: 0, quotaExhaustedUntil: '2026-11-24T00:00:00.000Z' },
      }),
    );
    expect(text(byTestId(root, 'dashboard-quota-warning'))).toContain("Constant Contact's daily quota is used up");
  });

  it('shows the tiles other features provide, in their order', async () => {
    const root = await openDashboard(aConnection(), [{ id: 'drift', order: 25, component: DriftTile }]);
    const tiles = Array.from(root.querySelectorAll('.tiles > section')).map((tile) => tile.getAttribute('data-testid'));
    expect(tiles).toEqual(['tile-connection', 'tile-budget', 'tile-jobs', 'tile-runs', 'tile-drift']);
    expect(text(byTestId(root, 'extra'))).toBe('3 contacts drift');
  });
});
