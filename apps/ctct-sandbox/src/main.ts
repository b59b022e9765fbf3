import { createSandbox, SandboxOptions } from './sandbox';
import { SandboxClient } from './oauth/clients';
import { ScenarioOptions } from './scenario/scenario';

/** Standalone sandbox (`npm run sandbox`): configuration from the environment. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  const options: SandboxOptions = {};
  if (env.SANDBOX_RATE_LIMIT === 'off') options.rateLimit = false;
  else if (env.SANDBOX_RATE_PER_SECOND || env.SANDBOX_RATE_PER_DAY) {
    options.rateLimit = { perSecond: Number(env.SANDBOX_RATE_PER_SECOND ?? 4), perDay: Number(env.SANDBOX_RATE_PER_DAY ?? 10_000) };
  }
  if (env.SANDBOX_TOKEN_TTL_SECONDS) options.accessTokenTtlSeconds = Number(env.SANDBOX_TOKEN_TTL_SECONDS);
  if (env.SANDBOX_ACTIVITY_DELAY_MS) options.activityProcessingDelayMs = Number(env.SANDBOX_ACTIVITY_DELAY_MS);
  if (env.SANDBOX_CLIENTS_JSON) options.clients = JSON.parse(env.SANDBOX_CLIENTS_JSON) as SandboxClient[];
  if (env.SANDBOX_ACCOUNT_JSON) options.account = JSON.parse(env.SANDBOX_ACCOUNT_JSON);
  if (env.SANDBOX_SCENARIO_JSON) options.scenario = JSON.parse(env.SANDBOX_SCENARIO_JSON) as ScenarioOptions;
  else if (env.SANDBOX_SCENARIO_CONTACTS) {
    options.scenario = {
      seed: env.SANDBOX_SCENARIO_SEED ?? 'ctct-demo',
      contacts: Number(env.SANDBOX_SCENARIO_CONTACTS),
      lists: env.SANDBOX_SCENARIO_LISTS ? Number(env.SANDBOX_SCENARIO_LISTS) : undefined,
      campaigns: env.SANDBOX_SCENARIO_CAMPAIGNS ? Number(env.SANDBOX_SCENARIO_CAMPAIGNS) : undefined,
      recipientsPerCampaign: env.SANDBOX_SCENARIO_RECIPIENTS ? Number(env.SANDBOX_SCENARIO_RECIPIENTS) : undefined,
    };
  }
  return options;
}

async function main(): Promise<void> {
  const sandbox = createSandbox(optionsFromEnv(process.env));
  const running = await sandbox.listen(Number(process.env.SANDBOX_PORT ?? 4010), process.env.SANDBOX_HOST ?? '127.0.0.1');
  console.log(`[ctct-sandbox] CC V3 sandbox listening on ${running.url} (V3 at ${running.url}/v3, control at ${running.url}/__sandbox)`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e) => {
    console.error('[ctct-sandbox] failed to start', e);
    process.exit(1);
  });
}
