export interface LoginRequest {
  email: string;
  password: string;
}

/** The signed-in admin user, as the API returns it (never a password hash). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/**
 * CSRF: the API sets this cookie (readable by scripts of our own origin only) at sign-in; the admin sends its
 * value back in this header on every state-changing request. The API compares it with the session's token.
 */
export const CSRF_COOKIE = 'ctct_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}
