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
  /** The log keeps at most this many bytes of a body (the API marks a cut one); null when it is whole. */
  truncated: { limitBytes: number; totalBytes: number } | null;
}

/** How the API's log writer ends a body it cut: "…[cut at 8192 of 12345 bytes]". */
const CUT_MARK = /…\[cut at (\d+) of (\d+) bytes\]$/;

const FORM_BODY = /^[\w.~%+-]+=[^&\s]*(&[\w.~%+-]+=[^&\s]*)*$/;

/**
 * A logged body for reading: JSON indented (also when cut at the log's size limit: indented as far as it goes),
 * form-encoded bodies (the OAuth token calls) one decoded `name=value` per line, anything else as it is. The
 * API's "cut" mark becomes `truncated`. Bodies are already redacted by the API.
 */
export function displayBody(body: string | null): DisplayBody | null {
  if (body === null || body === '') return null;
  const cut = CUT_MARK.exec(body);
  const truncated = cut ? { limitBytes: Number(cut[1]), totalBytes: Number(cut[2]) } : null;
  const content = cut ? body.slice(0, cut.index) : body;
  const trimmed = content.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { text: JSON.stringify(JSON.parse(trimmed), null, 2), format: 'json', truncated };
    } catch {
      // Cut JSON no longer parses: indent it token by token instead.
      if (truncated) return { text: indentJsonLoosely(trimmed), format: 'json', truncated };
    }
  }
  if (FORM_BODY.test(trimmed)) {
    const lines = [...new URLSearchParams(trimmed)].map(([name, value]) => `${name}=${value}`);
    return { text: lines.join('\n'), format: 'form', truncated };
  }
  return { text: content, format: 'text', truncated };
}

/**
 * Indents JSON that does not parse (cut short), two spaces a level, the way JSON.stringify would have: a line
 * per value, strings kept as they are.
 */
export function indentJsonLoosely(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  const newline = () => `\n${'  '.repeat(Math.max(0, depth))}`;
  for (const char of text) {
    if (inString) {
      out += char;
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    switch (char) {
      case '"':
        inString = true;
        out += char;
        break;
      case '{':
      case '[':
        depth++;
        out += char + newline();
        break;
      case '}':
      case ']':
        depth--;
        out += newline() + char;
        break;
      case ',':
        out += char + newline();
        break;
      case ':':
        out += ': ';
        break;
      default:
        out += char;
    }
  }
  // An empty {} or [] would read "{\n}": keep those on one line.
  return out.replace(/([[{])\n\s*([\]}])/g, '$1$2');
}

/** "8 KB" for the cut mark: the log's limit in words. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  return kb < 1024 ? `${Math.round(kb * 10) / 10} KB`.replace('.0 ', ' ') : `${Math.round((kb / 1024) * 10) / 10} MB`.replace('.0 ', ' ');
}
