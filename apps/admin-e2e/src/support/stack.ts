import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestDatabase, TestDatabase } from '../../../api/test/support/test-database';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
export const E2E_ADMIN = { email: 'e2e-admin@example.test', password: 'e2e-admin-password' };

export interface RunningStack {
  baseUrl: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The product as `npm start` runs it — the built API (dist/) as its own process serving the built admin,
 * demo data seeded — on a fresh database. Build first (`npm test` does).
 */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<RunningStack> {
  const main = join(WORKSPACE_ROOT, 'dist/api/apps/api/src/main.js');
  const admin = join(WORKSPACE_ROOT, 'dist/admin/browser/index.html');
  if (!existsSync(main) || !existsSync(admin)) throw new Error('Build first: dist/api and dist/admin are missing (npm test builds them)');
  const database = await createTestDatabase();
  const child = spawn(process.execPath, [main], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      SESSION_SECRET: 'e2e-session-secret-long-enough-000000',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      ADMIN_STATIC_DIR: join(WORKSPACE_ROOT, 'dist/admin/browser'),
      DEMO_SEED: 'true',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await waitForListening(child);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      database,
      async close() {
        await stop(child);
        await database.drop();
      },
    };
  } catch (error) {
    await stop(child);
    await database.drop();
    throw error;
  }
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
