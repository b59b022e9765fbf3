// Issue 16: the sandbox builds a 1,000,000-contact account in under a minute within 2 GB. loadScenario in the
// sandbox's own child process (its peak RSS is the figure), first at 200,000 contacts then at 1,000,000 in a fresh
// child, same shape (10 lists, 2 campaigns sent to everyone mailable: ~2,200,000 tracking rows at 1,000,000), so
// the line shows how time and memory per contact grow.
import type { ScenarioOptions } from '@ctct/sandbox';
import { ratio } from '../figures';
import { progress } from '../log';
import { measure } from '../measure';
import { startSandboxProcess } from '../sandbox-client';
import type { BenchScenario } from './scenario';

const NAME = 'sandbox-scenario-1m';
const shape = (contacts: number): ScenarioOptions => ({ seed: 1, contacts, lists: 10, campaigns: 2, recipientsPerCampaign: contacts });
const TARGET_MS = 60_000;
const TARGET_MB = 2_048;

async function load(options: ScenarioOptions) {
  const sandbox = await startSandboxProcess({ rateLimit: false });
  try {
    const before = await sandbox.memory({ resetPeak: true });
    progress(NAME, `generating ${options.contacts} contacts in a sandbox process (RSS ${Math.round(before.rssMb)} MB)`);
    const measured = await measure(() => sandbox.timed('loadScenario', options));
    const after = await sandbox.memory();
    return {
      summary: measured.value.value,
      loadMs: measured.value.ms,
      wallMs: measured.wallMs,
      before,
      after,
      benchPeakRssMb: measured.peakRssMb,
    };
  } finally {
    await sandbox.stop();
  }
}

export const sandboxScenario1m: BenchScenario = {
  name: NAME,
  large: true,
  description:
    "loadScenario at 200,000 then 1,000,000 contacts (10 lists, 2 campaigns to all) in the sandbox child: time and the child's peak RSS",
  async run() {
    const small = await load(shape(200_000));
    const large = await load(shape(1_000_000));
    const perContact = (figures: typeof small, value: number) => value / figures.summary.contacts;
    return {
      apiCalls: 0,
      lowerBound: 0,
      wallMs: large.wallMs,
      rows: large.summary.contacts + large.summary.trackingRows,
      peakRssMb: large.after.peakRssMb,
      growth: {
        msPerContact: ratio(perContact(large, large.loadMs), perContact(small, small.loadMs)),
        mbPerContact: ratio(
          perContact(large, large.after.peakRssMb - large.before.rssMb),
          perContact(small, small.after.peakRssMb - small.before.rssMb),
        ),
      },
      targets: { underAMinute: large.loadMs < TARGET_MS, within2Gb: large.after.peakRssMb < TARGET_MB },
      extras: {
        loadScenarioMs: Math.round(large.loadMs),
        contacts: large.summary.contacts,
        trackingRows: large.summary.trackingRows,
        sends: large.summary.sends,
        childRssBeforeMb: Math.round(large.before.rssMb),
        childRssAfterMb: Math.round(large.after.rssMb),
        peakIsPhaseOnly: large.before.peakResettable,
        at200k: {
          loadScenarioMs: Math.round(small.loadMs),
          trackingRows: small.summary.trackingRows,
          peakRssMb: Math.round(small.after.peakRssMb),
        },
      },
    };
  },
};
