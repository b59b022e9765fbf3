import { Routes } from '@angular/router';

/** /bulk-memberships — the "Create Constant Contact memberships" wizard. */
export const BULK_MEMBERSHIPS_ROUTES: Routes = [
  {
    path: '',
    title: 'Bulk memberships · ctct-connect',
    loadComponent: () => import('./feature/bulk-memberships.page').then((m) => m.BulkMembershipsPage),
  },
];
