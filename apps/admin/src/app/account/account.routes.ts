import { Routes } from '@angular/router';

/** /account: the signed-in user's own account (change password, sign out everywhere). */
export const ACCOUNT_ROUTES: Routes = [
  {
    path: '',
    title: 'Account · ctct-connect',
    loadComponent: () => import('./feature/account.page').then((m) => m.AccountPage),
  },
];
