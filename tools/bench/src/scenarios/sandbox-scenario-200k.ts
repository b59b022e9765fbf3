// Issue 3's figure: how long the sandbox takes to generate its big scenario (200,000 contacts, ~2,000,000
// tracking rows) and how much memory the process holding it peaks at. It runs in the sandbox's own child
// process, so `peakRssMb` is the child's (the process that does the work); no CC call is made.
import type { ScenarioOptions } from '@ctct/sandbox';
import { measure } from '../measure';
import { progress } from '../log';
import { startSandboxProcess } from '../sandbox-client';
import type { BenchScenario } from './scenario';

const NAME = 'sandbox-scenario-200k';

// The sizes of apps/ctct-sandbox/scripts/measure-scenario.ts: 12 sent campaigns to lists of 170,000 give
// ≈2,000,000 sends + engagement rows.
export const SANDBOX_SCENARIO_200K: ScenarioOptions = {
  seed: 1,
  contacts: 200_000,
  lists: 10,
  campaigns: 12,
  recipientsPerCampaign: 170_000,
};

export const sandboxScenario200k: BenchScenario = {
  name: NAME,
  description: "loadScenario with 200,000 contacts and ~2,000,000 tracking rows in the sandbox child: time and the child's peak RSS",
  async run() {
    const sandbox = await startSandboxProcess({ rateLimit: false });
    try {
      const before = await sandbox.memory({ resetPeak: true });
      progress(NAME, `generating ${SANDBOX_SCENARIO_200K.contacts} contacts in the sandbox process (RSS ${Math.round(before.rssMb)} MB)`);
      const measured = await measure(() => sandbox.timed('loadScenario', SANDBOX_SCENARIO_200K));
      const after = await sandbox.memory();
      const { value: summary, ms: loadScenarioMs } = measured.value;
      return {
        apiCalls: 0,
        lowerBound: 0,
        wallMs: measured.wallMs,
        rows: summary.trackingRows + summary.contacts,
        peakRssMb: after.peakRssMb,
        extras: {
          loadScenarioMs: Math.round(loadScenarioMs),
          contacts: summary.contacts,
          lists: summary.lists,
          campaigns: summary.campaigns,
          trackingRows: summary.trackingRows,
          sends: summary.sends,
          childRssBeforeMb: Math.round(before.rssMb),
          childRssAfterMb: Math.round(after.rssMb),
          // false where the kernel high-water mark cannot be restarted (not Linux): the peak is then the child's lifetime peak.
          peakIsPhaseOnly: before.peakResettable,
          benchPeakRssMb: Math.round(measured.peakRssMb),
        },
      };
    } finally {
      await sandbox.stop();
    }
  },
};
