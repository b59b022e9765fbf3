import { Routes } from '@angular/router';
import { unsavedChangesGuard } from '../core/unsaved-changes';

/** /settings: the integration's settings, one card per concern (connection first; schedules, rules… follow). */
export const SETTINGS_ROUTES: Routes = [
  {
    path: '',
    title: 'Settings · ctct-connect',
    canDeactivate: [unsavedChangesGuard],
    loadComponent: () => import('./feature/settings.page').then((m) => m.SettingsPage),
  },
];
