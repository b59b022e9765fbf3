import passport from 'passport';

/**
 * This application's own passport Authenticator. The package's default export is a process-wide singleton,
 * so two app instances in one process (tests, benches) would share strategies bound to each other's
 * services; an instance per app keeps each strategy with its own app.
 */
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');
export type Authenticator = InstanceType<typeof passport.Authenticator>;

export function createAuthenticator(): Authenticator {
  return new passport.Authenticator();
}

/** Runs one strategy on a request; resolves with what it authenticated, or rejects with its error/failure. */
export function authenticate<T>(
  authenticator: Authenticator,
  strategy: string,
  request: unknown,
  response: unknown,
): Promise<{ user: T | false; info: unknown; error: Error | null }> {
  return new Promise((resolve) => {
    const middleware = authenticator.authenticate(strategy, { session: false }, (error: Error | null, user: T | false, info: unknown) =>
      resolve({ user, info, error }),
    );
    middleware(request as never, response as never, (error?: unknown) =>
      resolve({ user: false, info: undefined, error: (error as Error) ?? null }),
    );
  });
}
