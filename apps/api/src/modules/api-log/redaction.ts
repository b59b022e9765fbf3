/**
 * What may be written to the API log: bodies with every secret replaced and cut at a size limit.
 * Keys are matched by name anywhere in the document, and form-encoded bodies (OAuth token calls) too.
 */
const SECRET_KEY = /token|secret|password|authorization|code_verifier|^code$|^assertion$|api_key|apikey/i;
export const REDACTED = '[redacted]';

export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? REDACTED : redactValue(inner)]));
  }
  return value;
}

/** A body as text for the log: JSON redacted by key, form bodies by parameter, anything else kept only if it looks harmless. */
export function redactBodyForLog(body: unknown, contentType: string | undefined, limitBytes: number): string | null {
  if (body === undefined || body === null || body === '') return null;
  let text: string;
  if (typeof body === 'string' && contentType?.includes('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    for (const key of [...params.keys()]) if (SECRET_KEY.test(key)) params.set(key, REDACTED);
    text = params.toString();
  } else if (typeof body === 'string') {
    try {
      text = redactedJson(JSON.parse(body));
    } catch {
      text = redactTokensInText(body);
    }
  } else {
    text = redactedJson(body);
  }
  return truncate(text, limitBytes);
}

/**
 * JSON text with every secret key's value replaced, as JSON.stringify(redactValue(value)) gives it, without building
 * the redacted copy first: a page of 500 CC contacts is ~400 KB of objects, copied for every call of a
 * 1,000,000-contact link run (bench link-full-1m's memory).
 */
function redactedJson(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => (key !== '' && SECRET_KEY.test(key) ? REDACTED : inner));
}

/** Query strings can carry secrets too (OAuth callbacks): redact those parameters. */
export function redactQueryForLog(search: string): string | null {
  if (!search) return null;
  const params = new URLSearchParams(search);
  for (const key of [...params.keys()]) if (SECRET_KEY.test(key)) params.set(key, REDACTED);
  return decodeURIComponent(params.toString());
}

// Last line of defence for non-JSON text: anything shaped like a JWT or a bearer token.
function redactTokensInText(text: string): string {
  return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, REDACTED).replace(/(bearer\s+)[\w.~+/-]+=*/gi, `$1${REDACTED}`);
}

function truncate(text: string, limitBytes: number): string {
  const total = Buffer.byteLength(text, 'utf8');
  if (total <= limitBytes) return text;
  // Only the head is encoded (limitBytes characters hold at least limitBytes bytes), not the whole body.
  const head = Buffer.from(text.slice(0, limitBytes), 'utf8');
  return `${head.subarray(0, limitBytes).toString('utf8')}…[cut at ${limitBytes} of ${total} bytes]`;
}
