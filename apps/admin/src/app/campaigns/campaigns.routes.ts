import { Routes } from '@angular/router';

/** /campaigns?campaign=&bucket=: campaign engagement, with the selected campaign's chart over time. */
export const CAMPAIGNS_ROUTES: Routes = [
  {
    path: '',
    title: 'Campaigns · ctct-connect',
    loadComponent: () => import('./feature/campaigns.page').then((m) => m.CampaignsPage),
  },
];
