// Loading a million rows for a scenario's setup the way a restore does: the table's secondary indexes are
// dropped, the rows go in, and the indexes are built again from their exact definitions (pg_indexes), which is
// minutes faster than maintaining a GIN trigram or a dedupe index row by row. Never part of a measured phase.
import type { DataSource } from 'typeorm';
import { progress } from '../../log';

/**
 * Runs `load` with the secondary indexes of `tables` dropped (a table and those its triggers fill: contacts fills
 * contact_search), then recreates them and ANALYZEs the tables.
 */
export async function withIndexesRebuilt<T>(
  dataSource: DataSource,
  tables: string | readonly string[],
  load: () => Promise<T>,
  scope = String(tables),
): Promise<T> {
  const names = typeof tables === 'string' ? [tables] : [...tables];
  const table = names.join(', ');
  const indexes: Array<{ indexname: string; indexdef: string }> = await dataSource.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)`,
    [names],
  );
  for (const index of indexes) await dataSource.query(`DROP INDEX ${quoteIdent(index.indexname)}`);
  let value: T;
  try {
    value = await load();
  } finally {
    const started = performance.now();
    const runner = dataSource.createQueryRunner();
    try {
      // One session with room to sort: building a 10,000,000-row index in 64 MB spills to disk many times over.
      await runner.query(`SET maintenance_work_mem = '512MB'`);
      for (const index of indexes) await runner.query(index.indexdef);
    } finally {
      await runner.release();
    }
    progress(scope, `rebuilt ${indexes.length} indexes of ${table} in ${Math.round((performance.now() - started) / 1000)} s`);
  }
  for (const name of names) await dataSource.query(`VACUUM ANALYZE ${quoteIdent(name)}`);
  return value;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
