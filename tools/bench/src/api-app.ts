import { DEMO_CLIENT } from '@ctct/sandbox';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/app.factory';
import { AppConfig, parseAppConfig } from '../../../apps/api/src/config/app-config';
import { CtctAuthorizationService, toTokenSet } from '../../../apps/api/src/modules/ctct';
import { BenchDatabase, createBenchDatabase } from './database';
import { progress } from './log';
import { SandboxProcess, SandboxProcessOptions, startSandboxProcess } from './sandbox-client';

export const BENCH_REDIRECT_URI = 'http://localhost:3000/api/ctct/oauth/callback';
/** Where CC points when a scenario has no sandbox: a closed loopback port, so nothing can reach the real CC. */
const NO_CC_URL = 'http://127.0.0.1:9';

export interface BenchApi {
  /** The real application (createApp, as main.ts builds it), initialised, not listening. */
  app: NestExpressApplication;
  dataSource: DataSource;
  config: AppConfig;
  database: BenchDatabase;
}

export interface ConnectedBenchApi extends BenchApi {
  /** The CC sandbox in its child process; its request counters were reset after connecting. */
  sandbox: SandboxProcess;
}

export interface ApiOptions {
  /** Names the throwaway database (`ctct_bench_<label>_…`). Default 'api'. */
  label?: string;
  /** API environment on top of the bench defaults (e.g. CTCT_RATE_PER_SECOND, DATABASE_POOL_SIZE). */
  env?: Record<string, string>;
}

export interface ConnectedApiOptions extends ApiOptions {
  /** How to create the sandbox: scenario, rateLimit (default CC's 4/s), activityProcessingDelayMs… */
  sandbox?: SandboxProcessOptions;
}

/** The bench defaults; CTCT_* point at `sandboxUrl`. */
export function benchApiEnv(databaseUrl: string, sandboxUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ADMIN_STATIC_DIR: '/nonexistent',
    CTCT_SANDBOX_URL: sandboxUrl,
    CTCT_CLIENT_ID: DEMO_CLIENT.clientId,
    CTCT_CLIENT_SECRET: DEMO_CLIENT.clientSecret ?? '',
    CTCT_REDIRECT_URI: BENCH_REDIRECT_URI,
    CTCT_RATE_PER_SECOND: '4',
    CTCT_RATE_PER_DAY: '10000',
  };
}

/**
 * Boots the API in this process on a throwaway database (migrated by the app itself), runs `work`, then closes
 * the app and drops the database. Not connected to CC: for scenarios that measure the API's own storage.
 */
export async function withApi<T>(options: ApiOptions & { sandboxUrl?: string }, work: (api: BenchApi) => Promise<T>): Promise<T> {
  const label = options.label ?? 'api';
  const database = await createBenchDatabase(label);
  let app: NestExpressApplication | undefined;
  try {
    const config = parseAppConfig({ ...benchApiEnv(database.url, options.sandboxUrl ?? NO_CC_URL), ...options.env });
    progress(label, `booting the API on ${database.name}`);
    app = await createApp(config);
    await app.init();
    return await work({ app, dataSource: app.get(DataSource), config, database });
  } finally {
    await app?.close().catch((error: Error) => progress(label, `closing the API failed: ${error.message}`));
    await database.drop();
  }
}

/**
 * Starts the sandbox in a child process, boots the API against it on a throwaway database, connects the two
 * without a browser (tokens from the sandbox's control API, stored through CtctAuthorizationService.complete,
 * which also reads the account summary), resets the sandbox's counters and runs `work`. Cleans everything up.
 */
export async function withConnectedApi<T>(options: ConnectedApiOptions, work: (api: ConnectedBenchApi) => Promise<T>): Promise<T> {
  const label = options.label ?? 'api';
  progress(label, 'starting the CC sandbox process');
  const sandbox = await startSandboxProcess(options.sandbox);
  try {
    return await withApi({ ...options, sandboxUrl: sandbox.url }, async (api) => {
      const tokens = await sandbox.control.issueTokens();
      await api.app.get(CtctAuthorizationService).complete(toTokenSet(tokens), null);
      await sandbox.control.resetStats();
      return work({ ...api, sandbox });
    });
  } finally {
    await sandbox.stop();
  }
}
