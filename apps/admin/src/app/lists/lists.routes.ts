import { Routes } from '@angular/router';

/** /lists?deleted=true: the Constant Contact lists mirrored by the lists job. */
export const LISTS_ROUTES: Routes = [
  {
    path: '',
    title: 'Lists · ctct-connect',
    loadComponent: () => import('./feature/lists.page').then((m) => m.ListsPage),
  },
  {
    path: ':listId',
    title: 'List · ctct-connect',
    loadComponent: () => import('./feature/list-detail.page').then((m) => m.ListDetailPage),
  },
];
