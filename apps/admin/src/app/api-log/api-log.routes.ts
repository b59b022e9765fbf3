import { Routes } from '@angular/router';

/** /api-log?system=&statusClass=&method=&q=&from=&to=&jobRunId= — the external-call log. */
export const API_LOG_ROUTES: Routes = [
  {
    path: '',
    title: 'API log · ctct-connect',
    loadComponent: () => import('./feature/api-log.page').then((m) => m.ApiLogPage),
  },
];
