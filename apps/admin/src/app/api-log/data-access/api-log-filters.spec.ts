import { convertToParamMap } from '@angular/router';
import { filtersFromParams, filtersToParams, isoToLocalInput, localInputToIso, toPageQuery } from './api-log-filters';
import { toQueryParams } from './api-log.api';
import { displayBody, statusClassOf } from './log-display';

describe('api log filters', () => {
  it('reads known filters from the URL and drops malformed ones', () => {
    expect(
      filtersFromParams(
        convertToParamMap({ system: 'HUBSPOT', statusClass: '6xx', method: 'post', q: ' oauth ', from: 'yesterday', to: '2026-11-02T00:00:00Z' }),
      ),
    ).toEqual({ system: 'CTCT', statusClass: null, method: 'POST', q: 'oauth', from: null, to: '2026-11-02T00:00:00.000Z', jobRunId: null });
  });

  it('keeps the default system and empty values out of the URL', () => {
    expect(
      filtersToParams({ system: 'CTCT', statusClass: 'error', method: null, q: '', from: null, to: null, jobRunId: 'r1' }),
    ).toEqual({ system: null, statusClass: 'error', method: null, q: null, from: null, to: null, jobRunId: 'r1' });
  });

  it('always names the system and pages by 50', () => {
    const query = toPageQuery({ system: 'CTCT', statusClass: null, method: 'GET', q: '', from: null, to: null, jobRunId: null }, 'c9');
    expect(toQueryParams(query).toString()).toBe('system=CTCT&method=GET&limit=50&cursor=c9');
  });

  it('converts datetime-local values to ISO and back in the browser time zone', () => {
    const iso = localInputToIso('2026-11-20T08:30');
    expect(iso).toBe(new Date(2026, 10, 20, 8, 30).toISOString());
    expect(isoToLocalInput(iso)).toBe('2026-11-20T08:30');
    expect(localInputToIso('')).toBeNull();
  });

  it('classifies statuses, no status being a network error', () => {
    expect([200, 302, 429, 503, null].map(statusClassOf)).toEqual(['2xx', '3xx', '4xx', '5xx', 'error']);
  });

  it('shows bodies cut at the size limit as they are', () => {
    expect(displayBody('{"a":1,"b":')).toEqual({ text: '{"a":1,"b":', format: 'text' });
    expect(displayBody('[1,2]')?.format).toBe('json');
    expect(displayBody(null)).toBeNull();
  });
});
