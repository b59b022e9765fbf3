import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { CSRF_COOKIE, CSRF_HEADER } from '@ctct/shared-types';
import { APP_ROUTES } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { DASHBOARD_TILES } from './dashboard/data-access/dashboard-tiles';
import { ALERTS_TILE } from './dashboard/ui/alerts-tile';
import { DRIFT_TILE } from './dashboard/ui/drift-tile';
import { OPT_OUTS_TILE } from './dashboard/ui/opt-outs-tile';
import { RUN_ACTIONS } from './sync/feature/run-actions';
import { RunLifecycleActions } from './sync/feature/run-lifecycle-actions';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // CSRF: Angular copies the API's CSRF cookie into this header on every same-origin POST/PATCH/PUT/DELETE.
    provideHttpClient(withInterceptors([authInterceptor]), withXsrfConfiguration({ cookieName: CSRF_COOKIE, headerName: CSRF_HEADER })),
    provideRouter(
      APP_ROUTES,
      // Route params, query params and route data arrive as component inputs (`id`, `returnUrl`, `feature`).
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'enabled' }),
    ),
    // The extension points' registrations: the alerts, drift and opt-out service level tiles on the dashboard,
    // Resume / Retry / Cancel on the run page.
    { provide: DASHBOARD_TILES, useValue: [ALERTS_TILE, DRIFT_TILE, OPT_OUTS_TILE] },
    { provide: RUN_ACTIONS, useValue: RunLifecycleActions },
  ],
};
