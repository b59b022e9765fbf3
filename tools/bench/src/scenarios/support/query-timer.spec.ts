import type { DataSource, QueryRunner } from 'typeorm';
import type { CtctClient } from '../../../../../apps/api/src/modules/ctct';
import { classifySql, describeGroups, PageTimeline, watchCcCalls, watchSql } from './query-timer';

describe('classifySql', () => {
  it('names a write by its verb and table', () => {
    expect(classifySql(`INSERT INTO sync_run_records (run_id) SELECT $1`)).toBe('insert sync_run_records');
    expect(classifySql(`UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1`)).toBe('update sync_runs');
    expect(classifySql(`DELETE FROM api_call_log WHERE created_at < $1`)).toBe('delete api_call_log');
  });

  it('names a read by the first table it reads', () => {
    expect(classifySql(`SELECT value FROM settings WHERE key = $1`)).toBe('select settings');
  });

  it('prefixes a WITH statement by its first CTE, so two jobs writing one table stay apart', () => {
    const activities = `WITH incoming AS (\n SELECT * FROM unnest($1::uuid[]) AS t(id)\n), written AS (INSERT INTO interactions (id) SELECT id FROM incoming RETURNING id) SELECT count(*) FROM written`;
    const optOuts = `WITH opted_out AS (SELECT c.id FROM ctct_contacts m JOIN contacts c ON true), recorded AS (INSERT INTO interactions (id) SELECT id FROM opted_out) SELECT 1`;
    expect(classifySql(activities)).toBe('incoming: insert interactions');
    expect(classifySql(optOuts)).toBe('opted_out: insert interactions');
  });

  it('falls back to the first two words', () => {
    expect(classifySql('  ANALYZE   contacts ')).toBe('analyze contacts');
  });
});

/** A data source whose query runners answer every statement; nothing is on the instances until watchSql. */
function fakeDataSource(): { dataSource: DataSource; prototypeCreate: () => QueryRunner } {
  const runnerPrototype = { query: async () => ({ records: [], affected: 0 }), release: async () => undefined };
  const prototypeCreate = () => Object.create(runnerPrototype) as QueryRunner;
  return { dataSource: Object.create({ createQueryRunner: prototypeCreate }) as DataSource, prototypeCreate };
}

/** What the API's typed SQL layer (common/sql.ts) does per statement: its own runner, never dataSource.query. */
async function likeTheSqlLayer(dataSource: DataSource, text: string, params: unknown[] = []): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(text, params, true);
  } finally {
    await runner.release();
  }
}

describe('watchSql', () => {
  it('times statements sent on the query runners, as the typed SQL layer sends them, with the rows offered', async () => {
    const { dataSource } = fakeDataSource();
    const timings = watchSql(dataSource);
    await likeTheSqlLayer(dataSource, `INSERT INTO contacts (email) SELECT * FROM unnest($1::varchar[])`, [['a', 'b', 'c']]);
    await likeTheSqlLayer(dataSource, `INSERT INTO contacts (email) SELECT * FROM unnest($1::varchar[])`, [['d']]);
    await likeTheSqlLayer(dataSource, `SELECT 1 FROM settings`);
    expect(timings.groups.get('insert contacts')).toMatchObject({ count: 2, rows: 4 });
    expect(Object.keys(describeGroups(timings.groups))).toEqual(expect.arrayContaining(['insert contacts', 'select settings']));
  });

  it('restores createQueryRunner() on stop, and a runner kept past stop() runs untimed', async () => {
    const { dataSource, prototypeCreate } = fakeDataSource();
    const timings = watchSql(dataSource);
    const kept = dataSource.createQueryRunner();
    timings.stop();
    await kept.query(`SELECT 1 FROM settings`);
    expect(timings.groups.size).toBe(0);
    expect(Object.prototype.hasOwnProperty.call(dataSource, 'createQueryRunner')).toBe(false);
    expect(dataSource.createQueryRunner).toBe(prototypeCreate);
  });
});

describe('PageTimeline', () => {
  it('gives each page the SQL up to its checkpoint, each later checkpointed stretch a step, and no SQL inside calls', async () => {
    const timeline = new PageTimeline(['getContacts'], 'insert interactions');
    const { dataSource } = fakeDataSource();
    let budgetStatements = 0;
    const client = Object.create({
      // The client's own SQL (rate budget, API log) runs inside the call.
      request: async () => {
        budgetStatements++;
        await likeTheSqlLayer(dataSource, `UPDATE ctct_rate_budget SET used_today = used_today + 1`);
      },
    }) as CtctClient;
    const sql = watchSql(dataSource, timeline);
    const cc = watchCcCalls(client, timeline);
    const call = (operation: string) => (client as unknown as { request(r: { operation: string }): Promise<void> }).request({ operation });
    const checkpoint = () => likeTheSqlLayer(dataSource, `UPDATE sync_runs SET checkpoint = $1`, ['{}']);
    await call('getContacts');
    await likeTheSqlLayer(dataSource, `INSERT INTO interactions (id) SELECT * FROM unnest($1::int[])`, [[1, 2, 3]]);
    await checkpoint();
    await call('getContacts');
    await checkpoint();
    // After the listing: two steps of matching, then the run's completion.
    await likeTheSqlLayer(dataSource, `SELECT k FROM ctct_contacts`);
    await likeTheSqlLayer(dataSource, `UPDATE contacts SET ctct_contact_id = $1`, ['x']);
    await checkpoint();
    await likeTheSqlLayer(dataSource, `SELECT k FROM ctct_contacts`);
    await checkpoint();
    await likeTheSqlLayer(dataSource, `SELECT k FROM ctct_contacts`);
    await likeTheSqlLayer(dataSource, `UPDATE sync_runs SET status = 'succeeded'`);
    timeline.finish();
    sql.stop();
    cc.stop();
    expect(budgetStatements).toBe(2);
    expect(timeline.pages.map((page) => page.statements)).toEqual([2, 1]);
    expect(timeline.pages.map((page) => page.insertRows)).toEqual([3, 0]);
    expect(timeline.pages[0].workMs).toBeGreaterThanOrEqual(timeline.pages[0].sqlMs);
    expect(timeline.steps.map((step) => step.statements)).toEqual([3, 2]);
    expect(timeline.outsideSqlMs).toBeGreaterThan(0);
  });
});
