import fc from 'fast-check';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Property-based fuzzing of every route in the OpenAPI document (/api/docs-json): generated paths, query
 * strings, cursors, bodies and content types, signed in and signed out. Whatever comes in, the API must
 * answer below 500, never show a stack trace, and write nothing when it answers 4xx (row triggers on every
 * table count writes; the session's last-seen time and the login throttle are bookkeeping, not data).
 * FUZZ_RUNS (runs per route, default 30) and FUZZ_SEED replay a run.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
// Ending the fuzzer's own session would turn the rest of the run into 401s: these run signed out only.
const SIGNED_OUT_ONLY = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-everywhere']);
const BOOKKEEPING_TABLES = ['auth_sessions', 'auth_throttle', 'schema_migrations', 'fuzz_writes'];
const STACK_TRACE = [/\n\s+at .+:\d+:\d+/, /node_modules/, /\/apps\/api\//, /\b(QueryFailedError|TypeError|ReferenceError|RangeError)\b/];

interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: Record<string, unknown> }>;
  bodyFields: string[];
}

interface GeneratedRequest {
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; type: string | null; text: string } | { kind: 'none' };
}

// Values that have broken parsers before: NUL, long strings, numbers out of range, SQL and HTML, dates that are not.
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\t\n',
  '-5',
  '0',
  '-1',
  '1.5',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '1e309',
  'true',
  'null',
  '[]',
  '{}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '\ud800',
  '2026-02-30T00:00:00Z',
  '2026-01-02 10:00:00+00',
  '00000000-0000-4000-8000-000000000000',
  'x'.repeat(5000),
  '__proto__',
  'constructor',
  'name',
  '-updatedAt',
  'newest',
  'records',
  'lists',
  'link-contacts',
  'customer',
  '+1 202-555-0143',
  'a@b.co',
);
const text = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.uuid().map(String));
const cursorPart = fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean(), fc.double(), fc.array(text, { maxLength: 2 }));
const cursor = fc.oneof(
  fc.tuple(cursorPart, cursorPart, cursorPart).map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url')),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')),
  text,
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const jsonValue = fc.oneof(
  { depthSize: 'small' },
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(text, scalar, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
);
const otherContentType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null);
const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
const rawBody = (type: string | null, text: string) => ({ kind: 'raw' as const, type, text });
const rawJson = (text: string) => rawBody('application/json', text);
const deepJson = fc.integer({ min: 8, max: 3000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

type Client = ReturnType<TestApp['http']> | Awaited<ReturnType<TestApp['signedIn']>>;
const signedOutOnly = (operation: Operation) => SIGNED_OUT_ONLY.has(`${operation.method.toUpperCase()} ${operation.path}`);

function queryValue(name: string, schema: Record<string, unknown>): fc.Arbitrary<string | string[]> {
  const own: fc.Arbitrary<string>[] = [text];
  if (Array.isArray(schema.enum)) own.push(fc.constantFrom(...(schema.enum as unknown[]).map(String)));
  if (schema.type === 'integer' || schema.type === 'number' || name === 'limit') {
    own.push(fc.integer({ min: -1000, max: 100_000 }).map(String));
  }
  if (schema.type === 'boolean') own.push(fc.constantFrom('true', 'false'));
  if (name === 'cursor') own.push(cursor);
  if (name === 'from' || name === 'to') own.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  return fc.oneof(...own, fc.array(text, { minLength: 2, maxLength: 3 }));
}

function requestFor(operation: Operation, knownFields: string[]): fc.Arbitrary<GeneratedRequest> {
  const pathValue = fc.oneof(fc.uuid().map(String), text, fc.nat().map(String));
  const path = fc.record(Object.fromEntries(operation.pathParams.map((name) => [name, pathValue])));
  const common = ['cursor', 'limit', 'q', 'sort', '__proto__'];
  const queryNames = [...new Set([...operation.queryParams.map((param) => param.name), ...common])];
  const schemaOf = (name: string) => operation.queryParams.find((param) => param.name === name)?.schema ?? {};
  const query = fc
    .subarray(queryNames)
    .chain((names) =>
      fc.record(
        Object.fromEntries(names.map((name) => [name, queryValue(name, schemaOf(name))])) as Record<
          string,
          fc.Arbitrary<string | string[]>
        >,
      ),
    );
  const fields = [...new Set([...operation.bodyFields, ...knownFields])];
  const objectBody = fc
    .subarray(fields, { maxLength: 5 })
    .chain((names) => fc.record(Object.fromEntries(names.map((name) => [name, jsonValue])) as Record<string, fc.Arbitrary<unknown>>));
  const body = fc.oneof(
    { weight: 6, arbitrary: objectBody.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: jsonValue.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: prototypeKey.map((key) => rawJson(`{"${key}":{"polluted":true},"a":1}`)) },
    { weight: 1, arbitrary: deepJson.map(rawJson) },
    { weight: 1, arbitrary: fc.tuple(otherContentType, fc.string({ maxLength: 60 })).map(([type, text]) => rawBody(type, text)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((textBody) => rawJson(`{"email": ${textBody}`)) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
  return fc.record({ path, query, body: operation.method === 'get' ? fc.constant({ kind: 'none' as const }) : body });
}

describe('fuzzing every route of the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[] = [];
  let knownFields: string[] = [];
  let sent = 0;

  beforeAll(async () => {
    t = await startTestApp({ SYNC_WORKER: 'false', PUSH_WORKER: 'false', LOGIN_ATTEMPTS_PER_MINUTE: '1000000' });
    await installWriteCounter(t);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    ({ operations, knownFields } = readOperations(doc));
  });
  afterAll(async () => {
    console.log(
      `fuzz: ${sent} generated requests over ${operations.length} routes ` +
        `(${RUNS_PER_ROUTE} runs per route signed in, a third as many signed out or with a bad CSRF token)`,
    );
    await t?.close();
  });

  const writes = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM fuzz_writes`))[0].n);

  async function send(agent: Client, operation: Operation, generated: GeneratedRequest) {
    const url = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(wellFormed(generated.path[name] ?? '')));
    const query = Object.fromEntries(
      Object.entries(generated.query).map(([name, value]) => [
        wellFormed(name),
        Array.isArray(value) ? value.map(wellFormed) : wellFormed(value),
      ]),
    );
    let call = (agent as ReturnType<TestApp['http']>)[operation.method](url).query(query).redirects(0);
    const body = generated.body;
    if (body.kind === 'json') call = call.set('Content-Type', 'application/json').send(JSON.stringify(body.value));
    else if (body.kind === 'raw') {
      if (body.type) call = call.set('Content-Type', body.type);
      call = call.send(body.text);
    }
    sent++;
    return call;
  }

  async function check(agent: Client, operation: Operation, generated: GeneratedRequest): Promise<void> {
    const before = await writes();
    const response = await send(agent, operation, generated);
    const label = `${operation.method.toUpperCase()} ${operation.path} → ${response.status} ${response.text?.slice(0, 300)}`;
    expect({ label, serverError: response.status >= 500 }).toEqual({ label, serverError: false });
    for (const pattern of STACK_TRACE) expect({ label, leaks: pattern.test(response.text ?? '') }).toEqual({ label, leaks: false });
    if (response.status >= 400) {
      const written = await t.dataSource.query(`SELECT table_name FROM fuzz_writes ORDER BY id OFFSET $1`, [before]);
      expect({ label, written }).toEqual({ label, written: [] });
    }
  }

  it('never answers 5xx, leaks a stack trace or writes on a 4xx, signed in', async () => {
    const agent = await t.signedIn();
    for (const operation of operations.filter((op) => !signedOutOnly(op))) {
      await fc.assert(
        fc.asyncProperty(requestFor(operation, knownFields), (generated) => check(agent, operation, generated)),
        {
          numRuns: RUNS_PER_ROUTE,
          seed: SEED,
          endOnFailure: true,
        },
      );
    }
    expect(operations.length).toBeGreaterThan(20);
  }, 600_000);

  it('never answers 5xx, leaks a stack trace or writes on a 4xx, signed out or with a wrong CSRF token', async () => {
    const stranger = t.http;
    const forger = await t.signedIn();
    forger.set('X-CSRF-Token', 'forged-token-forged-token-forged-token-xx');
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(operation, knownFields), fc.boolean(), (generated, signedIn) =>
          check(signedIn && !signedOutOnly(operation) ? forger : stranger(), operation, generated),
        ),
        { numRuns: Math.ceil(RUNS_PER_ROUTE / 3), seed: SEED, endOnFailure: true },
      );
    }
  }, 600_000);
});

/** A URL cannot carry a lone UTF-16 surrogate (encodeURIComponent throws): the client would replace it too. */
function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

interface OpenApiParameter {
  name: string;
  in: string;
  schema?: Record<string, unknown>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[]; requestBody?: unknown }>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

function readOperations(doc: OpenApiDocument): { operations: Operation[]; knownFields: string[] } {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      const parameters = spec.parameters ?? [];
      const ref = JSON.stringify(spec.requestBody ?? {}).match(/#\/components\/schemas\/(\w+)/)?.[1];
      operations.push({
        method: method as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        bodyFields: Object.keys((ref && doc.components?.schemas?.[ref]?.properties) ?? {}),
      });
    }
  }
  // Field names of every route's body (documented or not), so that bodies often reach the DTO validation.
  const knownFields = [
    ...new Set([
      ...Object.values(doc.components?.schemas ?? {}).flatMap((schema) => Object.keys(schema.properties ?? {})),
      'email',
      'password',
      'firstName',
      'lastName',
      'phone',
      'type',
      'doNotEmail',
      'selection',
      'target',
      'listId',
      'listIds',
      'newListName',
      'schedules',
      'listMembershipTrigger',
      'contactTypeListRules',
      'apiLogRetentionDays',
      'currentPassword',
      'newPassword',
    ]),
  ];
  return { operations, knownFields };
}

/** A row trigger on every data table that notes each written row in fuzz_writes (rolled back with its transaction). */
async function installWriteCounter(t: TestApp): Promise<void> {
  await t.dataSource.query(`CREATE TABLE fuzz_writes (id bigserial PRIMARY KEY, table_name text NOT NULL)`);
  await t.dataSource.query(`
    CREATE FUNCTION fuzz_note_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO fuzz_writes (table_name) VALUES (TG_TABLE_NAME); RETURN NULL; END $$`);
  const tables: Array<{ table_name: string }> = await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1))`,
    [BOOKKEEPING_TABLES],
  );
  for (const { table_name } of tables) {
    await t.dataSource.query(
      `CREATE TRIGGER fuzz_note_write AFTER INSERT OR UPDATE OR DELETE ON "${table_name}" FOR EACH ROW EXECUTE FUNCTION fuzz_note_write()`,
    );
  }
}
