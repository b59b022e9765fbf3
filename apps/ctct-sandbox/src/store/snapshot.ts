import { readFile, writeFile } from 'node:fs/promises';
import { SandboxClient } from '../oauth/clients';
import { TokenState } from '../oauth/token.service';
import { AccountSummary, SandboxContext } from '../sandbox-context';
import { BulkActivity } from './bulk-activity.store';
import { CampaignRecord, CampaignStore } from './campaign.store';
import { ContactListRecord, ContactRecord } from './contact.model';
import { TrackingStore } from './tracking.store';

/** Everything needed to bring a sandbox back as it was, tokens included (connections survive). */
interface SnapshotFile {
  format: 'ctct-sandbox-snapshot';
  version: 1;
  savedAt: string;
  clockOffsetMs: number;
  account: AccountSummary;
  clients: SandboxClient[];
  tokens: TokenState;
  lists: ContactListRecord[];
  contacts: ContactRecord[];
  campaigns: CampaignRecord[];
  tracking: { length: number; kind: string; contact: string; time: string; activity: string; extra: string };
  activities: Omit<BulkActivity, 'work'>[];
}

const encode = (array: Uint8Array | Uint16Array | Uint32Array, length: number) =>
  Buffer.from(array.buffer, array.byteOffset, length * array.BYTES_PER_ELEMENT).toString('base64');
function decode<T extends Uint8Array | Uint16Array | Uint32Array>(text: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

export async function writeSnapshot(ctx: SandboxContext, file: string): Promise<{ bytes: number }> {
  ctx.bulk.flush(); // pending work cannot be serialised; finish it first
  const t = ctx.tracking;
  const snapshot: SnapshotFile = {
    format: 'ctct-sandbox-snapshot',
    version: 1,
    savedAt: new Date().toISOString(),
    clockOffsetMs: ctx.clock.getOffsetMs(),
    account: ctx.account,
    clients: ctx.tokens.listClients(),
    tokens: ctx.tokens.exportState(),
    lists: [...ctx.contacts.lists.values()],
    contacts: ctx.contacts.contacts,
    campaigns: ctx.campaigns.campaigns,
    tracking: {
      length: t.length,
      kind: encode(t.kind, t.length),
      contact: encode(t.contact, t.length),
      time: encode(t.time, t.length),
      activity: encode(t.activity, t.length),
      extra: encode(t.extra, t.length),
    },
    activities: ctx.bulk.activities.map(({ work: _work, ...rest }) => rest),
  };
  const text = JSON.stringify(snapshot);
  await writeFile(file, text);
  return { bytes: Buffer.byteLength(text) };
}

export async function readSnapshot(ctx: SandboxContext, file: string): Promise<void> {
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as SnapshotFile;
  if (snapshot.format !== 'ctct-sandbox-snapshot' || snapshot.version !== 1) throw new Error(`${file} is not a sandbox snapshot`);
  ctx.clock.setOffsetMs(snapshot.clockOffsetMs);
  Object.assign(ctx.account, snapshot.account);
  for (const client of snapshot.clients) ctx.tokens.registerClient(client);
  ctx.tokens.importState(snapshot.tokens);

  const store = ctx.contacts;
  store.clear();
  for (const list of snapshot.lists) store.insertList(list);
  for (const contact of snapshot.contacts) store.restoreContact(contact);
  store.rebuildMemberships();
  store.reindexUpdated();

  ctx.campaigns = new CampaignStore();
  for (const { activities, ...campaign } of snapshot.campaigns) {
    ctx.campaigns.add(
      campaign,
      activities.map(({ index: _i, campaignId: _c, ...a }) => a),
    );
  }

  const tracking = new TrackingStore();
  const s = snapshot.tracking;
  tracking.kind = decode(s.kind, (b) => new Uint8Array(b));
  tracking.contact = decode(s.contact, (b) => new Uint32Array(b));
  tracking.time = decode(s.time, (b) => new Uint32Array(b));
  tracking.activity = decode(s.activity, (b) => new Uint16Array(b));
  tracking.extra = decode(s.extra, (b) => new Uint8Array(b));
  tracking.length = s.length;
  tracking.reserve(Math.max(1024, s.length));
  ctx.tracking = tracking;

  ctx.bulk.restore(snapshot.activities.map((a) => ({ ...a })));
}
