import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { SandboxControl } from '@ctct/sandbox';
import { startTestSandbox, TestSandbox } from '../../../api/test/support/sandbox';
import { createTestDatabase, TestDatabase } from '../../../api/test/support/test-database';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
export const E2E_ADMIN = { email: 'e2e-admin@example.test', password: 'e2e-admin-password' };

export interface RunningStack {
  baseUrl: string;
  database: TestDatabase;
  /** Present with `withSandbox`: the CC sandbox the API is wired to. */
  sandbox?: { url: string; control: SandboxControl };
  close(): Promise<void>;
}

export interface StackOptions {
  /** Wire the API to an in-process CC sandbox (OAuth client registered for this API's callback URL). */
  withSandbox?: boolean;
  env?: Record<string, string>;
}

/**
 * The product as `npm start` runs it — the built API (dist/) as its own process serving the built admin,
 * demo data seeded — on a fresh database. Build first (`npm test` does).
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const main = join(WORKSPACE_ROOT, 'dist/api/apps/api/src/main.js');
  const admin = join(WORKSPACE_ROOT, 'dist/admin/browser/index.html');
  if (!existsSync(main) || !existsSync(admin)) throw new Error('Build first: dist/api and dist/admin are missing (npm test builds them)');
  const database = await createTestDatabase();
  // The callback URL must be known before the API starts, so the port is chosen here rather than by the OS.
  const port = await freePort();
  let cc: TestSandbox | null = null;
  if (options.withSandbox) {
    cc = await startTestSandbox({ rateLimit: { perSecond: 20, perDay: 250_000 } });
    cc.sandbox.control.registerClient({
      clientId: cc.apiEnv.CTCT_CLIENT_ID,
      clientSecret: cc.apiEnv.CTCT_CLIENT_SECRET,
      redirectUris: [`http://127.0.0.1:${port}/api/ctct/oauth/callback`],
      refreshTokenType: 'rotating',
    });
  }
  const child = spawn(process.execPath, [main], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: database.url,
      SESSION_SECRET: 'e2e-session-secret-long-enough-000000',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      ADMIN_STATIC_DIR: join(WORKSPACE_ROOT, 'dist/admin/browser'),
      DEMO_SEED: 'true',
      LOG_LEVEL: 'warn',
      ...(cc
        ? {
            ...cc.apiEnv,
            CTCT_REDIRECT_URI: `http://127.0.0.1:${port}/api/ctct/oauth/callback`,
            CTCT_RATE_PER_SECOND: '20',
            CTCT_RATE_PER_DAY: '250000',
          }
        : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closeAll = async () => {
    await stop(child);
    await cc?.running.close();
    await database.drop();
  };
  try {
    await waitForListening(child);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      database,
      sandbox: cc ? { url: cc.running.url, control: cc.sandbox.control } : undefined,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

function waitForListening(child: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`API did not start in 60s:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"msg":"api listening","port":(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
