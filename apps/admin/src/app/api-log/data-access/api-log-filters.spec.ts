import { convertToParamMap } from '@angular/router';
import { filtersFromParams, filtersToParams, isoToLocalInput, localInputToIso, timeRangeError, toPageQuery } from './api-log-filters';
import { toQueryParams } from './api-log.api';
import { displayBody, formatBytes, statusClassOf } from './log-display';

describe('api log filters', () => {
  it('reads known filters from the URL and drops malformed ones', () => {
    expect(
      filtersFromParams(
        convertToParamMap({
          system: 'HUBSPOT',
          statusClass: '6xx',
          method: 'post',
          q: ' oauth ',
          from: 'yesterday',
          to: '2026-11-02T00:00:00Z',
        }),
      ),
    ).toEqual({ system: null, statusClass: null, method: 'POST', q: 'oauth', from: null, to: '2026-11-02T00:00:00.000Z', jobRunId: null });
    expect(filtersFromParams(convertToParamMap({ system: 'CTCT' })).system).toBe('CTCT');
  });

  it('keeps "All" systems and empty values out of the URL', () => {
    expect(filtersToParams({ system: null, statusClass: 'error', method: null, q: '', from: null, to: null, jobRunId: 'r1' })).toEqual({
      system: null,
      statusClass: 'error',
      method: null,
      q: null,
      from: null,
      to: null,
      jobRunId: 'r1',
    });
  });

  it('names the system only when one is chosen, and pages by 50', () => {
    const query = toPageQuery({ system: null, statusClass: null, method: 'GET', q: '', from: null, to: null, jobRunId: null }, 'c9');
    expect(toQueryParams(query).toString()).toBe('method=GET&limit=50&cursor=c9');
    const one = toPageQuery({ system: 'CTCT', statusClass: null, method: null, q: '', from: null, to: null, jobRunId: null }, null);
    expect(toQueryParams(one).toString()).toBe('system=CTCT&limit=50');
  });

  it('refuses a "To" before "From"', () => {
    expect(timeRangeError('2026-11-02T00:00:00Z', '2026-11-01T00:00:00Z')).toContain('"To" is before "From"');
    expect(timeRangeError('2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')).toBeNull();
    expect(timeRangeError(null, '2026-11-01T00:00:00Z')).toBeNull();
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

  it('shows a broken body as it is, and marks and indents one the log cut', () => {
    expect(displayBody('{"a":1,"b":')).toEqual({ text: '{"a":1,"b":', format: 'text', truncated: null });
    expect(displayBody('[1,2]')?.format).toBe('json');
    expect(displayBody(null)).toBeNull();
    expect(displayBody('{"a":[],"b":"x, y"…[cut at 8192 of 9000 bytes]')).toEqual({
      text: '{\n  "a": [],\n  "b": "x, y"',
      format: 'json',
      truncated: { limitBytes: 8192, totalBytes: 9000 },
    });
  });

  it('says sizes in words', () => {
    expect(formatBytes(8192)).toBe('8 KB');
    expect(formatBytes(20_480)).toBe('20 KB');
    expect(formatBytes(12_800)).toBe('12.5 KB');
    expect(formatBytes(900)).toBe('900 bytes');
  });
});
