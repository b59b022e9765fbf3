import { Db, sql } from '../../common/sql';
import { looseEmailKey } from '../contacts/email-key';

// A key with a non-ASCII character: only such keys can differ from their loose key (for ASCII, every folding agrees).
// Written exactly as the partial indexes' predicate (migrations/1764200300000-reconciliation-indexes.ts), so they serve it.
const NON_ASCII = `email_normalized ~ '[^\\x01-\\x7f]'`;

/**
 * The unlinked live CRM contacts whose email equals a live CC contact's only by a case folding Constant Contact may
 * not make (`looseEmailKey`, email-key.ts), with no exact match in CC: they need review, never a link. Only keys with
 * non-ASCII letters can be in such a pair, so the candidates are those few rows plus the rows whose key equals one of
 * their loose keys (an index lookup each); the folding itself is the application's rule, applied here in TypeScript.
 */
export async function foldingReviewIds(db: Db): Promise<string[]> {
  const crm = await sql.rows<{ id: string; key: string }>(
    db,
    `SELECT id, email_normalized AS key FROM contacts WHERE deleted_at IS NULL AND ctct_contact_id IS NULL AND ${NON_ASCII}`,
  );
  const ctct = await sql.rows<{ key: string }>(
    db,
    `SELECT DISTINCT email_normalized AS key FROM ctct_contacts WHERE cc_deleted_at IS NULL AND ${NON_ASCII}`,
  );
  if (crm.length === 0 && ctct.length === 0) return [];
  const looseKeys = [...new Set([...crm, ...ctct].map((row) => looseEmailKey(row.key)).filter((key): key is string => !!key))];
  const crmAscii = await sql.rows<{ id: string; key: string }>(
    db,
    `SELECT id, email_normalized AS key FROM contacts
      WHERE deleted_at IS NULL AND ctct_contact_id IS NULL AND email_normalized = ANY($1::text[])`,
    [looseKeys],
  );
  const ctctAscii = await sql.rows<{ key: string }>(
    db,
    `SELECT DISTINCT email_normalized AS key FROM ctct_contacts WHERE cc_deleted_at IS NULL AND email_normalized = ANY($1::text[])`,
    [looseKeys],
  );
  const ctctKeysByLoose = new Map<string, Set<string>>();
  for (const { key } of [...ctct, ...ctctAscii]) {
    const loose = looseEmailKey(key)!;
    if (!ctctKeysByLoose.has(loose)) ctctKeysByLoose.set(loose, new Set());
    ctctKeysByLoose.get(loose)!.add(key);
  }
  const flagged = new Set<string>();
  for (const contact of [...crm, ...crmAscii]) {
    const keys = ctctKeysByLoose.get(looseEmailKey(contact.key)!);
    if (keys && !keys.has(contact.key)) flagged.add(contact.id);
  }
  return [...flagged];
}
