import { Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth/auth.guard';
import { Shell } from './core/shell/shell';

export const APP_ROUTES: Routes = [
  {
    path: 'login',
    title: 'Sign in · ctct-connect',
    canActivate: [guestGuard],
    loadComponent: () => import('./login/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      { path: 'dashboard', loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.DASHBOARD_ROUTES) },
      { path: 'contacts', loadChildren: () => import('./contacts/contacts.routes').then((m) => m.CONTACTS_ROUTES) },
      { path: 'lists', loadChildren: () => import('./lists/lists.routes').then((m) => m.LISTS_ROUTES) },
      {
        path: 'bulk-memberships',
        loadChildren: () => import('./bulk-memberships/bulk-memberships.routes').then((m) => m.BULK_MEMBERSHIPS_ROUTES),
      },
      { path: 'reconciliation', loadChildren: () => import('./reconciliation/reconciliation.routes').then((m) => m.RECONCILIATION_ROUTES) },
      { path: 'sync', loadChildren: () => import('./sync/sync.routes').then((m) => m.SYNC_ROUTES) },
      { path: 'campaigns', loadChildren: () => import('./campaigns/campaigns.routes').then((m) => m.CAMPAIGNS_ROUTES) },
      { path: 'api-log', loadChildren: () => import('./api-log/api-log.routes').then((m) => m.API_LOG_ROUTES) },
      { path: 'settings', loadChildren: () => import('./settings/settings.routes').then((m) => m.SETTINGS_ROUTES) },
      { path: 'account', loadChildren: () => import('./account/account.routes').then((m) => m.ACCOUNT_ROUTES) },
    ],
  },
  { path: '**', redirectTo: 'dashboard' },
];
