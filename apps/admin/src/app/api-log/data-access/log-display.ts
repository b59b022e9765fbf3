import type { ApiCallLogDto, StatusClass } from '@ctct/shared-types';

/** `error` when no response came (timeout, dropped connection): the log has no status then. */
export function statusClassOf(status: number | null): StatusClass {
  if (status === null) return 'error';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  return '2xx';
}

export function pathWithQuery(entry: Pick<ApiCallLogDto, 'path' | 'query'>): string {
  return entry.query ? `${entry.path}?${entry.query}` : entry.path;
}

export interface DisplayBody {
  text: string;
  format: 'json' | 'form' | 'text';
}

const FORM_BODY = /^[\w.~%+-]+=[^&\s]*(&[\w.~%+-]+=[^&\s]*)*$/;

/**
 * A logged body for reading: JSON indented, form-encoded bodies (the OAuth token calls) one decoded
 * `name=value` per line, anything else as it is. Bodies are already redacted by the API.
 */
export function displayBody(body: string | null): DisplayBody | null {
  if (body === null || body === '') return null;
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { text: JSON.stringify(JSON.parse(trimmed), null, 2), format: 'json' };
    } catch {
      // A body cut at the log's size limit is no longer valid JSON: show it as it is.
    }
  }
  if (FORM_BODY.test(trimmed)) {
    const lines = [...new URLSearchParams(trimmed)].map(([name, value]) => `${name}=${value}`);
    return { text: lines.join('\n'), format: 'form' };
  }
  return { text: body, format: 'text' };
}
