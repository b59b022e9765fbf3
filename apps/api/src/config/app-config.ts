import { z } from 'zod';

/**
 * Every environment variable the API reads, validated once at start. A missing or bad variable stops the
 * start with a message naming it (see formatConfigError), instead of failing later somewhere obscure.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const appConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z
      .string({ error: 'is required (postgres://user:password@host:port/database)' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    SESSION_SECRET: z.string({ error: 'is required (at least 32 random characters)' }).min(32, 'must be at least 32 characters'),
    // Signs the session cookie; during a rotation the old value here keeps existing sessions valid (comma-separated).
    SESSION_SECRET_PREVIOUS: z.string().optional(),
    // A session ends after this long without a request, and in any case this long after sign-in.
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    SESSION_ABSOLUTE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(30 * 24 * 60)
      .default(12 * 60),
    // The URL(s) admins open, e.g. https://crm.example.com (comma-separated when several): state-changing
    // requests from a browser must come from one of these origins. Unset: the request's own Host.
    PUBLIC_URL: z
      .string()
      .optional()
      .refine((value) => value === undefined || parseOrigins(value) !== null, 'must be http(s) URLs, comma-separated'),
    // Express "trust proxy": which proxies may tell us the client address and https (X-Forwarded-*).
    TRUST_PROXY: z.string().min(1).default('loopback'),
    ADMIN_EMAIL: z.email('must be an email address').optional(),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    ADMIN_STATIC_DIR: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEMO_SEED: booleanFromEnv.default(false),
    LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    // OAuth tokens are encrypted at rest with AES-256-GCM under this key (base64 of 32 random bytes).
    TOKEN_ENCRYPTION_KEY: z
      .string({ error: 'is required (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)' })
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
    // Older keys, only to decrypt what was stored under them (comma-separated); see SECURITY.md, key rotation.
    TOKEN_ENCRYPTION_KEY_PREVIOUS: z
      .string()
      .optional()
      .refine(
        (value) => value === undefined || splitList(value).every((key) => Buffer.from(key, 'base64').length === 32),
        'must be base64 keys of exactly 32 bytes, comma-separated',
      ),
    // Constant Contact. With CTCT_SANDBOX_URL every endpoint points at the sandbox; otherwise at the real CC.
    CTCT_SANDBOX_URL: z.url('must be a URL').optional(),
    CTCT_CLIENT_ID: z.string().min(1).optional(),
    CTCT_CLIENT_SECRET: z.string().min(1).optional(),
    CTCT_REDIRECT_URI: z.url('must be a URL').optional(),
    CTCT_AUTHORIZE_URL: z.url('must be a URL').optional(),
    CTCT_TOKEN_URL: z.url('must be a URL').optional(),
    CTCT_REVOKE_URL: z.url('must be a URL').optional(),
    CTCT_API_URL: z.url('must be a URL').optional(),
    CTCT_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(4),
    CTCT_RATE_PER_DAY: z.coerce.number().int().min(1).default(10_000),
    // Extra spacing between calls so network jitter never packs more than the limit into one second.
    CTCT_RATE_MARGIN_MS: z.coerce.number().int().min(0).max(1000).default(15),
    CTCT_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    CTCT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
    CTCT_RETRY_BASE_MS: z.coerce.number().int().min(1).default(500),
    CTCT_REFRESH_AHEAD_SECONDS: z.coerce.number().int().min(0).default(300),
    // Sync workers: every replica runs one; runs are claimed through PostgreSQL, so each runs once.
    SYNC_WORKER: booleanFromEnv.default(true),
    SYNC_POLL_MS: z.coerce.number().int().min(50).default(2_000),
    // A run whose worker has not sent a heartbeat for this long is taken over (and resumed) by another.
    SYNC_LEASE_SECONDS: z.coerce.number().int().min(1).default(30),
    // A run CC stopped answering (5xx, timeouts after every retry) pauses and tries again after this, doubling
    // each time up to 30 minutes; after RUN_OUTAGE_MAX_PAUSES such pauses in a row (no progress between) it fails.
    RUN_OUTAGE_RETRY_SECONDS: z.coerce.number().int().min(1).default(60),
    RUN_OUTAGE_MAX_PAUSES: z.coerce.number().int().min(1).max(100).default(10),
    // Alerts: how often one replica checks every cause (connection, runs, quota, opt-outs waiting).
    ALERTS_CHECK_SECONDS: z.coerce.number().int().min(1).default(60),
    // E-mail for alerts (nodemailer): off unless SMTP_URL is set, e.g. smtps://user:password@smtp.example.com:465.
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    SMTP_FROM: z.string().min(3).default('ctct-connect <ctct-connect@localhost>'),
    // Push delivery (the outbox): every replica runs a worker; rows are claimed through PostgreSQL.
    PUSH_WORKER: booleanFromEnv.default(true),
    PUSH_POLL_MS: z.coerce.number().int().min(20).default(1_000),
    PUSH_LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
    // A field push waits this long before delivery, so that quick edits of one contact go out as one PUT.
    PUSH_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    API_LOG_BODY_LIMIT_BYTES: z.coerce.number().int().min(256).default(8_192),
  })
  .superRefine((env, ctx) => {
    if (env.SESSION_SECRET_PREVIOUS && splitList(env.SESSION_SECRET_PREVIOUS).some((secret) => secret.length < 32)) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET_PREVIOUS'], message: 'each secret must be at least 32 characters' });
    }
    if (env.SESSION_ABSOLUTE_MINUTES < env.SESSION_IDLE_MINUTES) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_ABSOLUTE_MINUTES'], message: 'must not be shorter than SESSION_IDLE_MINUTES' });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
      });
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;

export class ConfigError extends Error {}

export function parseAppConfig(env: Record<string, string | undefined>): AppConfig {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = appConfigSchema.safeParse(cleaned);
  if (!result.success) throw new ConfigError(formatConfigError(result.error));
  return result.data;
}

export function formatConfigError(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  - ${issue.path.join('.') || '(config)'}: ${issue.message}`);
  return `Invalid configuration; fix these environment variables:\n${lines.join('\n')}`;
}

/** A comma-separated config list, blanks dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The origins (scheme://host[:port]) of PUBLIC_URL's URLs, or null when one is not an http(s) URL. */
export function parseOrigins(value: string): string[] | null {
  const origins: string[] = [];
  for (const item of splitList(value)) {
    try {
      const url = new URL(item);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
      origins.push(url.origin);
    } catch {
      return null;
    }
  }
  return origins.length ? origins : null;
}

/** Injection token for the validated config. */
export const APP_CONFIG = Symbol('APP_CONFIG');
