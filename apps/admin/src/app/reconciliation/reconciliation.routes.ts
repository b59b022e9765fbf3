import { Routes } from '@angular/router';

/** /reconciliation?class=&field=: every CRM contact with an email in one class, per CC list CRM vs CC, Fix drift. */
export const RECONCILIATION_ROUTES: Routes = [
  {
    path: '',
    title: 'Reconciliation · ctct-connect',
    loadComponent: () => import('./feature/reconciliation.page').then((m) => m.ReconciliationPage),
  },
];
