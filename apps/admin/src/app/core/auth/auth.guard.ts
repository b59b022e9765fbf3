import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService, safeReturnUrl } from './auth.service';

/** Lets signed-in users through; sends others to /login with the URL they wanted as `returnUrl`. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const user = await auth.ensureSession().catch(() => null);
  if (user) return true;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: safeReturnUrl(state.url) ?? undefined } });
};

/** Keeps signed-in users off the login page. */
export const guestGuard: CanActivateFn = async (route) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const user = await auth.ensureSession().catch(() => null);
  if (!user) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')) ?? '/dashboard');
};
