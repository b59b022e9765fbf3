import { createSandbox, DEMO_CLIENT, SANDBOX_USER, type RunningSandbox, type Sandbox, type SandboxOptions } from '@ctct/sandbox';

export const TEST_REDIRECT_URI = 'http://localhost:3000/api/ctct/oauth/callback';

export interface TestSandbox {
  sandbox: Sandbox;
  running: RunningSandbox;
  /** API env that wires the app to this sandbox as its Constant Contact. */
  apiEnv: Record<string, string>;
}

/** A CC sandbox on a random loopback port, at CC's real limits unless told otherwise. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = createSandbox({ activityProcessingDelayMs: 0, ...options });
  const running = await sandbox.listen(0, '127.0.0.1');
  return {
    sandbox,
    running,
    apiEnv: {
      CTCT_SANDBOX_URL: running.url,
      CTCT_CLIENT_ID: DEMO_CLIENT.clientId,
      CTCT_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
      CTCT_REDIRECT_URI: TEST_REDIRECT_URI,
    },
  };
}

/**
 * Plays the person at CC's consent page over plain HTTP: sign in as the sandbox user, then Allow or Deny.
 * Returns where CC sends the browser back (our callback URL with code/state or error).
 */
export async function answerConsent(authorizeUrl: string, decision: 'allow' | 'deny'): Promise<URL> {
  const signInPage = await (await fetch(authorizeUrl)).text();
  const signInAction = formAction(signInPage, authorizeUrl);
  const consentResponse = await fetch(signInAction, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: SANDBOX_USER.email, password: SANDBOX_USER.password }),
    redirect: 'manual',
  });
  const consentPage =
    consentResponse.status >= 300 && consentResponse.status < 400
      ? await (await fetch(new URL(consentResponse.headers.get('location')!, authorizeUrl))).text()
      : await consentResponse.text();
  const decided = await fetch(formAction(consentPage, authorizeUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision }),
    redirect: 'manual',
  });
  const location = decided.headers.get('location');
  if (!location) throw new Error(`the sandbox did not redirect after consent (${decided.status}): ${await decided.text()}`);
  return new URL(location);
}

function formAction(html: string, base: string): string {
  const match = /<form[^>]*action="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no form on the sandbox page:\n${html.slice(0, 500)}`);
  return new URL(match[1].replace(/&amp;/g, '&'), base).toString();
}
