import { Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth/auth.guard';
import { Shell } from './core/shell/shell';

/** Features added by later issues replace their "coming soon" route with `loadChildren` of their own routes file. */
function comingSoon(path: string, feature: string) {
  return {
    path,
    title: `${feature} · ctct-connect`,
    data: { feature },
    loadComponent: () => import('./shared/coming-soon/coming-soon.page').then((m) => m.ComingSoonPage),
  };
}

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
      { path: '', pathMatch: 'full', redirectTo: 'contacts' },
      { path: 'contacts', loadChildren: () => import('./contacts/contacts.routes').then((m) => m.CONTACTS_ROUTES) },
      comingSoon('lists', 'Lists'),
      comingSoon('bulk-memberships', 'Bulk memberships'),
      comingSoon('sync', 'Sync'),
      { path: 'api-log', loadChildren: () => import('./api-log/api-log.routes').then((m) => m.API_LOG_ROUTES) },
      { path: 'settings', loadChildren: () => import('./settings/settings.routes').then((m) => m.SETTINGS_ROUTES) },
    ],
  },
  { path: '**', redirectTo: 'contacts' },
];
