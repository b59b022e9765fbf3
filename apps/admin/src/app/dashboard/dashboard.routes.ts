import { Routes } from '@angular/router';

/** /dashboard: the landing page after sign-in. */
export const DASHBOARD_ROUTES: Routes = [
  {
    path: '',
    title: 'Dashboard · ctct-connect',
    loadComponent: () => import('./feature/dashboard.page').then((m) => m.DashboardPage),
  },
];
