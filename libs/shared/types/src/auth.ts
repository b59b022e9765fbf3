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
