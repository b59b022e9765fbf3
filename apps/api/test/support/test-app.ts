import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CSRF_COOKIE, CSRF_HEADER } from '@ctct/shared-types';
import { createApp } from '../../src/app.factory';
import { AppConfig, parseAppConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_TOKEN_KEY = Buffer.alloc(32, 42).toString('base64');
export const TEST_ADMIN = { email: 'admin@example.test', password: 'a-long-test-password' };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  database: TestDatabase;
  dataSource: DataSource;
  /** A supertest agent that keeps cookies, already signed in as TEST_ADMIN. */
  signedIn(): Promise<ReturnType<typeof request.agent>>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The CSRF token a sign-in response set (the value of its ctct_csrf cookie). */
export function csrfTokenOf(response: { headers: Record<string, unknown> }): string {
  const cookies = ([] as string[]).concat((response.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const match = cookies.map((cookie) => new RegExp(`^${CSRF_COOKIE}=([^;]+)`).exec(cookie)).find(Boolean);
  if (!match) throw new Error('the response set no CSRF cookie');
  return decodeURIComponent(match[1]);
}

/** The real application (same factory as main.ts) on a fresh database, not listening: supertest drives it. */
export async function startTestApp(env: Record<string, string> = {}, options: { database?: TestDatabase } = {}): Promise<TestApp> {
  // A shared database (another "replica" of the same installation) is left for its creator to drop.
  const database = options.database ?? (await createTestDatabase());
  const config = parseAppConfig({
    DATABASE_URL: database.url,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough',
    TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'silent',
    ADMIN_STATIC_DIR: '/nonexistent',
    DATABASE_POOL_SIZE: '4',
    // Tests sign in often; the throttling itself is tested with a low limit in auth.int-spec.
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    config,
    database,
    dataSource: app.get(DataSource),
    http: () => request(server),
    async signedIn() {
      const agent = request.agent(server);
      const response = await agent.post('/api/auth/login').send(TEST_ADMIN).expect(200);
      // As the admin does: echo the CSRF cookie set at sign-in on every state-changing request.
      agent.set(CSRF_HEADER, csrfTokenOf(response));
      return agent;
    },
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
