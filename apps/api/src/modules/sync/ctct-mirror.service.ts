import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { emailKey } from '../contacts/email-key';

/** A CC contact as GET /contacts returns it (fields we keep). */
export interface CtctContactResource {
  contact_id: string;
  email_address?: {
    address?: string;
    permission_to_send?: string;
    opt_out_source?: string;
    opt_out_date?: string;
    opt_out_reason?: string;
  };
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
  list_memberships?: string[];
}

/**
 * Writes what we learn about CC contacts into the ctct_contacts mirror (email, permission, opt-out, lists),
 * in one statement per page. Used by the link job and by pushes that create or change CC contacts.
 */
@Injectable()
export class CtctMirrorService {
  constructor(private readonly dataSource: DataSource) {}

  async upsertContacts(contacts: CtctContactResource[], runId: string | null, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (contacts.length === 0) return;
    await manager.query(
      `INSERT INTO ctct_contacts AS m (contact_id, email_address, email_normalized, permission_to_send, opt_out_source, opt_out_date,
         opt_out_reason, list_ids, cc_created_at, cc_updated_at, cc_deleted_at, last_seen_run_id, synced_at)
       SELECT t.contact_id, t.email, t.email_key, t.permission, t.opt_out_source, t.opt_out_date, t.opt_out_reason,
              CASE WHEN t.lists IS NULL THEN NULL ELSE coalesce(string_to_array(nullif(t.lists, ''), ',')::uuid[], '{}') END,
              t.created_at, t.updated_at, t.deleted_at, $12, now()
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[], $6::text[], $7::text[],
                     $8::timestamptz[], $9::timestamptz[], $10::date[], $11::int[], $13::text[])
           AS t(contact_id, email, permission, opt_out_source, opt_out_date, opt_out_reason, lists, created_at, updated_at, deleted_at,
                ordinal, email_key)
       ON CONFLICT (contact_id) DO UPDATE SET email_address = excluded.email_address, email_normalized = excluded.email_normalized,
         permission_to_send = excluded.permission_to_send, opt_out_source = excluded.opt_out_source, opt_out_date = excluded.opt_out_date,
         opt_out_reason = excluded.opt_out_reason, list_ids = coalesce(excluded.list_ids, m.list_ids), cc_created_at = excluded.cc_created_at,
         cc_updated_at = excluded.cc_updated_at, cc_deleted_at = excluded.cc_deleted_at,
         last_seen_run_id = coalesce(excluded.last_seen_run_id, m.last_seen_run_id), synced_at = now()`,
      [
        contacts.map((contact) => contact.contact_id),
        contacts.map((contact) => contact.email_address?.address ?? null),
        contacts.map((contact) => contact.email_address?.permission_to_send ?? null),
        contacts.map((contact) => contact.email_address?.opt_out_source ?? null),
        contacts.map((contact) => contact.email_address?.opt_out_date ?? null),
        contacts.map((contact) => contact.email_address?.opt_out_reason ?? null),
        // list_memberships only when the response included them; otherwise keep what we knew.
        contacts.map((contact) => (contact.list_memberships ? contact.list_memberships.join(',') : null)),
        contacts.map((contact) => contact.created_at ?? null),
        contacts.map((contact) => contact.updated_at ?? null),
        contacts.map((contact) => contact.deleted_at ?? null),
        contacts.map((_, index) => index),
        runId,
        // The same email key as contacts.email_normalized (email-key.ts), so matching is one equality.
        contacts.map((contact) => emailKey(contact.email_address?.address)),
      ],
    );
  }
}
