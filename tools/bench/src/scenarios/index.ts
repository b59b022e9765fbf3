// Every benchmark, by name. To add one: write scenarios/<name>.ts exporting a BenchScenario and list it here
// (see tools/bench/README.md). `npm run bench` runs them in this order; `npm run bench -- <name>…` picks.
import { activities200k } from './activities-200k';
import { activities1mCampaign, activities50kCampaign } from './activities-campaign';
import { apiLogQuery1m } from './api-log-query-1m';
import { bulk20k } from './bulk-20k';
import { bulkPreview100k } from './bulk-preview';
import { fieldPushLatency } from './field-push-latency';
import { linkFull1m } from './link-contacts-1m';
import { linkFull50k, linkIncremental50k } from './link-contacts-50k';
import { lists1000 } from './lists-1000';
import { optoutBurst200, optoutLatency } from './optout-latency';
import { optoutUnderLoad } from './optout-under-load';
import { quotaDay } from './quota-day';
import { reconcile50k } from './reconcile-50k';
import { sandboxScenario1m } from './sandbox-scenario-1m';
import { sandboxScenario200k } from './sandbox-scenario-200k';
import { interactions10m, interactions500k } from './interactions-timeline';
import { search1m, search50k } from './search-contacts';
import type { BenchScenario } from './scenario';

export type { BenchScenario } from './scenario';

export const SCENARIOS: readonly BenchScenario[] = [
  apiLogQuery1m,
  sandboxScenario200k,
  linkFull50k,
  linkIncremental50k,
  activities200k,
  lists1000,
  bulk20k,
  optoutLatency,
  optoutBurst200,
  fieldPushLatency,
  reconcile50k,
  search50k,
  interactions500k,
  activities50kCampaign,
  bulkPreview100k,
  // --large: the 1,000,000-row scenarios (issue 16's, and issue 14's day of quota with its 1,000,000-contact link), and
  // optout-under-load (two full imports at 4/s): the default set stays under 20 minutes.
  optoutUnderLoad,
  quotaDay,
  sandboxScenario1m,
  search1m,
  interactions10m,
  linkFull1m,
  activities1mCampaign,
];

export function findScenario(name: string): BenchScenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
