import type { IconName } from '../../shared/icon/icon';

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
}

/** The side navigation, in order. The routes for each live in app.routes.ts. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
  { path: '/contacts', label: 'Contacts', icon: 'contacts' },
  { path: '/lists', label: 'Lists', icon: 'lists' },
  { path: '/bulk-memberships', label: 'Bulk memberships', icon: 'bulk' },
  { path: '/reconciliation', label: 'Reconciliation', icon: 'compare' },
  { path: '/sync', label: 'Sync', icon: 'sync' },
  { path: '/campaigns', label: 'Campaigns', icon: 'barChart' },
  { path: '/api-log', label: 'API log', icon: 'history' },
  { path: '/settings', label: 'Settings', icon: 'settings' },
];
