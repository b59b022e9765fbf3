import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { progress } from './log';

/** The PostgreSQL server the benches use: DATABASE_URL's server when set, else the local one (trust auth). */
export function benchServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Databases created and not yet dropped, so an interrupted run can still clean up (see dropOpenDatabases). */
const open = new Map<string, BenchDatabase>();

/**
 * A fresh, empty database on the bench server, named `ctct_bench_<label>_<pid>_<random>` (the same pattern
 * as apps/api/test/support/test-database.ts, with a prefix of its own so leftovers are easy to spot).
 */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const server = new URL(benchServerUrl());
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 24);
  const name = `ctct_bench_${safeLabel}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdminClient(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database: BenchDatabase = {
    url: url.toString(),
    name,
    async drop() {
      await withAdminClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      open.delete(name);
    },
  };
  open.set(name, database);
  return database;
}

/** Creates a throwaway database, runs `work` with it, and drops it whatever happens. */
export async function withBenchDatabase<T>(label: string, work: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await createBenchDatabase(label);
  try {
    return await work(database);
  } finally {
    await database.drop();
  }
}

/** Drops every database this process created and has not dropped yet (Ctrl-C, crash). */
export async function dropOpenDatabases(): Promise<void> {
  for (const database of [...open.values()]) {
    await database.drop().catch((error: Error) => progress('database', `could not drop ${database.name}: ${error.message}`));
  }
}

async function withAdminClient<T>(server: URL, work: (client: Client) => Promise<T>): Promise<T> {
  const adminUrl = new URL(server);
  adminUrl.pathname = '/postgres';
  const client = new Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
