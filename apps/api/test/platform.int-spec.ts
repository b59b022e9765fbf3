import { MIGRATIONS } from '../src/database/migrations';
import { runMigrationsExclusively } from '../src/database/run-migrations';
import { startTestApp, TestApp } from './support/test-app';

describe('API platform behaviour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database as up on /api/health', async () => {
    await t.http().get('/api/health').expect(200, { status: 'ok', database: 'up' });
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const agent = await t.signedIn();
    const response = await agent.get('/api/no-such-thing').expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No route GET /api/no-such-thing' });
  });

  it('answers malformed JSON with a 400 and no stack trace', async () => {
    const agent = await t.signedIn();
    const response = await agent.post('/api/contacts').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(response.body.message).toMatch(/JSON/);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('echoes a request id so a user report can be found in the logs', async () => {
    const response = await t.http().get('/api/health').set('X-Request-Id', 'support-ticket-42').expect(200);
    expect(response.headers['x-request-id']).toBe('support-ticket-42');
    const generated = await t.http().get('/api/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const response = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/contacts', '/api/contacts/{id}', '/api/health']));
  });

  it('ran every registered migration exactly once, and a second run (another replica) applies nothing', async () => {
    const rows = await t.dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
    expect(rows.map((row: { name: string }) => row.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
    const again = await Promise.all([runMigrationsExclusively(t.dataSource), runMigrationsExclusively(t.dataSource)]);
    expect(again).toEqual([[], []]);
  });
});
