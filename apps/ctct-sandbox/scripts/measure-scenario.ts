// Generates the big scenario (200,000 contacts, ~2,000,000 tracking rows) and prints one JSON line:
// time to build and peak RSS. Run after `nx build ctct-sandbox`: node dist/ctct-sandbox/scripts/measure-scenario.js
// Options: --contacts N --campaigns N --recipients N --seed S
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as SandboxModule from '../src/index';

// Built, this file sits in dist/ctct-sandbox/scripts next to the compiled sources; in the repo, in scripts/.
const entry = existsSync(join(__dirname, '../index.js')) ? '../index.js' : '../src/index';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry is chosen at run time (built or source)
const { createSandbox } = require(entry) as typeof SandboxModule;

function arg(name: string, fallback: number | string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : String(fallback);
}

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const contacts = Number(arg('contacts', 200_000));
const campaigns = Number(arg('campaigns', 12));
const recipientsPerCampaign = Number(arg('recipients', 170_000));
const started = performance.now();
const sandbox = createSandbox({ rateLimit: false });
const summary = sandbox.control.loadScenario({ seed: arg('seed', 'measure'), contacts, lists: 10, campaigns, recipientsPerCampaign });
const buildMs = performance.now() - started;

async function firstReports(): Promise<number> {
  // The first report query builds the tracking indexes: part of "ready to serve", so it is measured too.
  const running = await sandbox.listen(0);
  const token = sandbox.control.issueTokens().access_token;
  const get = (path: string) => fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const indexStarted = performance.now();
  await get('/v3/reports/summary_reports/email_campaign_summaries');
  const activity = sandbox.control.listCampaigns()[0]?.primaryActivityId;
  if (activity) await get(`/v3/reports/email_reports/${activity}/tracking/sends?limit=500`);
  const ms = performance.now() - indexStarted;
  await running.close();
  return ms;
}

void firstReports().then((indexMs) => {
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(
    JSON.stringify({
      contacts: summary.contacts,
      lists: summary.lists,
      campaigns: summary.campaigns,
      trackingRows: summary.trackingRows,
      sends: summary.sends,
      opens: summary.opens,
      clicks: summary.clicks,
      bounces: summary.bounces,
      optouts: summary.optouts,
      generationMs: Math.round(buildMs),
      firstReportMs: Math.round(indexMs),
      peakRssMb: Math.round(peakRss / 1048576),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576),
      node: process.version,
    }),
  );
});
