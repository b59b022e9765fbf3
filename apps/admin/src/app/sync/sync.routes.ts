import { Routes } from '@angular/router';

/** /sync?job=&status= (run history) and /sync/runs/:id?outcome= (one run with its records). */
export const SYNC_ROUTES: Routes = [
  {
    path: '',
    title: 'Sync · ctct-connect',
    loadComponent: () => import('./feature/sync-runs.page').then((m) => m.SyncRunsPage),
  },
  {
    path: 'runs/:id',
    title: 'Sync run · ctct-connect',
    loadComponent: () => import('./feature/sync-run.page').then((m) => m.SyncRunPage),
  },
];
