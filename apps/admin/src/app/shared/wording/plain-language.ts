/**
 * Sentences for what the API and Constant Contact say. The API's messages are written for the log: they name CC
 * operations (`getActivityStatusCollection`), error codes (`invalid_grant`, `ECONNREFUSED`), HTTP statuses and API
 * paths. A user sees one sentence with a next step; the original stays available as `detail` (the expandable
 * "Details" under the message) and in the API log.
 */
export interface PlainMessage {
  /** What happened and what to do, in words. */
  text: string;
  /** The original wording, when `text` replaced it; null when the message was already plain. */
  detail: string | null;
}

interface Rule {
  test: RegExp;
  text: (match: RegExpExecArray) => string;
}

const RECONNECT =
  'Constant Contact needs you to sign in again. Use Reconnect at the top of the page; paused work then continues where it stopped.';

/** First match wins: the most specific causes come first. */
const RULES: Rule[] = [
  {
    test: /quota_exceeded|daily (request )?quota|quota is used up/i,
    text: () => "Today's Constant Contact request quota is used up. Work continues by itself after midnight UTC; nothing needs to be done.",
  },
  {
    test: /not configured|CTCT_CLIENT_ID/i,
    text: () => 'Constant Contact is not set up on the server yet. Ask whoever runs the server to add its Constant Contact app keys.',
  },
  {
    test: /re-?authori[sz]|invalid_grant|invalid_client|unauthorized_client|refresh token|needs? (to be )?reconnect/i,
    text: () => RECONNECT,
  },
  {
    test: /no constant contact account is connected|not connected/i,
    text: () => 'Constant Contact is not connected. Connect it from the banner at the top of the page, then try again.',
  },
  {
    test: /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up|fetch failed|\bnetwork\b|timed out|timeout/i,
    text: () =>
      "Constant Contact could not be reached. Try again in a few minutes; if it keeps happening, check the server's internet connection.",
  },
  { test: /throttl|too many requests/i, text: () => 'Constant Contact asked us to slow down. Try again in a minute.' },
  { test: /Constant Contact \w+ failed \(5\d\d/i, text: () => 'Constant Contact had a problem on its side. Try again in a few minutes.' },
  {
    test: /Constant Contact \w+ failed \((4\d\d)[^)]*\)/i,
    text: () => 'Constant Contact refused the request. The details below say what it answered; the API log has the full call.',
  },
];

/** "(POST /api/contacts/<id>/ctct/resubscribe)" and bare run ids in parentheses mean nothing to a reader. */
const NOISE = [/\s*\((GET|POST|PUT|PATCH|DELETE) \/api\/[^)]*\)/g, /\s*\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)/gi];

export function plainMessage(raw: string | null | undefined): PlainMessage {
  const original = (raw ?? '').trim();
  if (!original) return { text: '', detail: null };
  for (const rule of RULES) {
    const match = rule.test.exec(original);
    if (match) return { text: rule.text(match), detail: original };
  }
  const cleaned = NOISE.reduce((text, pattern) => text.replace(pattern, ''), original);
  return cleaned === original ? { text: original, detail: null } : { text: cleaned, detail: original };
}
