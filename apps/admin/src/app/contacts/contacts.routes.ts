import { Routes } from '@angular/router';
import { unsavedChangesGuard } from '../core/unsaved-changes';

/** /contacts/**: list, create and record. `new` comes before `:id` so it is not read as an id. */
export const CONTACTS_ROUTES: Routes = [
  {
    path: '',
    title: 'Contacts · ctct-connect',
    loadComponent: () => import('./feature/contacts-list.page').then((m) => m.ContactsListPage),
  },
  {
    path: 'new',
    title: 'New contact · ctct-connect',
    canDeactivate: [unsavedChangesGuard],
    loadComponent: () => import('./feature/contact-record.page').then((m) => m.ContactRecordPage),
  },
  {
    path: ':id',
    title: 'Contact · ctct-connect',
    canDeactivate: [unsavedChangesGuard],
    loadComponent: () => import('./feature/contact-record.page').then((m) => m.ContactRecordPage),
  },
];
