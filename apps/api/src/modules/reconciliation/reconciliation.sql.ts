/**
 * The classification of every live CRM contact with an email, as one SQL read model (a read across contacts, the CC
 * mirror and the consent ledger; nothing is written). Used as `WITH … classified AS (…)`; the statement's $1 is the
 * uuid[] of unlinked contacts that match a CC address only by an unsafe case folding (folding-review.ts).
 *
 * Linked contacts are judged by their linked CC contact; unlinked ones by the live CC contacts with their email key.
 * Names are compared as a field push would send them (trimmed, CC's 50 characters), and only when the mirror has
 * read CC's names; Do Not Email agrees when CC is unsubscribed, or reported the unsubscribe after the mirror last
 * synced (the activities run learns opt-outs from campaign reports without touching the mirror).
 */
export const CLASSIFIED_CTE = `
  crm AS NOT MATERIALIZED (
    SELECT c.id, c.email, c.email_normalized AS key, c.first_name, c.last_name, c.do_not_email, c.ctct_contact_id
      FROM contacts c
     WHERE c.deleted_at IS NULL AND c.email_normalized IS NOT NULL
  ),
  shared_crm AS (
    SELECT key, count(*)::int AS n FROM crm GROUP BY key HAVING count(*) > 1
  ),
  unlinked_keys AS (
    SELECT m.email_normalized AS key,
           count(*) FILTER (WHERE m.cc_deleted_at IS NULL)::int AS live,
           (array_agg(m.contact_id ORDER BY m.contact_id) FILTER (WHERE m.cc_deleted_at IS NULL))[1] AS live_id,
           bool_or(m.cc_deleted_at IS NOT NULL) AS any_deleted
      FROM ctct_contacts m
     WHERE m.email_normalized IN (SELECT key FROM crm WHERE ctct_contact_id IS NULL)
     GROUP BY m.email_normalized
  ),
  -- Opt-outs CC reported (imported by a run), newest per CRM contact and CC contact.
  reported AS (
    SELECT contact_id, ctct_contact_id, max(recorded_at) AS recorded_at
      FROM consent_events WHERE kind = 'ctct_opt_out_imported' GROUP BY contact_id, ctct_contact_id
  ),
  joined AS (
    SELECT crm.*, s.n AS crm_sharing, k.live AS ctct_live, k.any_deleted AS ctct_any_deleted,
           coalesce(crm.ctct_contact_id IS NULL AND k.live = 1 AND holder.id IS NOT NULL, false) AS linked_elsewhere,
           (crm.ctct_contact_id IS NULL AND crm.id = ANY($1::uuid[])) AS folding,
           m.contact_id AS m_id, m.email_address AS m_email, m.email_normalized AS m_key, m.first_name AS m_first, m.last_name AS m_last,
           m.permission_to_send AS m_permission, m.cc_deleted_at IS NOT NULL AS m_deleted, m.names_synced_at IS NOT NULL AS m_names,
           coalesce(r.recorded_at >= m.synced_at, false) AS m_reported_unsubscribed
      FROM crm
      LEFT JOIN shared_crm s ON s.key = crm.key AND crm.ctct_contact_id IS NULL
      LEFT JOIN unlinked_keys k ON k.key = crm.key AND crm.ctct_contact_id IS NULL
      -- The live CRM contact already linked to the one CC contact an unlinked contact's email matches.
      LEFT JOIN contacts holder ON holder.ctct_contact_id = k.live_id AND holder.deleted_at IS NULL AND crm.ctct_contact_id IS NULL
      LEFT JOIN ctct_contacts m ON m.contact_id = coalesce(crm.ctct_contact_id, CASE WHEN k.live = 1 THEN k.live_id END)
      LEFT JOIN reported r ON r.contact_id = crm.id AND r.ctct_contact_id = m.contact_id AND crm.ctct_contact_id IS NOT NULL
  ),
  compared AS (
    SELECT j.*,
           coalesce(j.key IS DISTINCT FROM j.m_key, false) AS d_email,
           coalesce(j.m_names AND nullif(left(btrim(j.first_name), 50), '') IS DISTINCT FROM nullif(j.m_first, ''), false) AS d_first,
           coalesce(j.m_names AND nullif(left(btrim(j.last_name), 50), '') IS DISTINCT FROM nullif(j.m_last, ''), false) AS d_last,
           coalesce(j.do_not_email AND j.m_permission IS DISTINCT FROM 'unsubscribed' AND NOT j.m_reported_unsubscribed, false) AS d_dne
      FROM joined j
  ),
  classified_raw AS (
    SELECT c.*,
           CASE
             WHEN c.ctct_contact_id IS NOT NULL THEN
               CASE
                 WHEN c.m_id IS NULL OR c.m_deleted THEN 'ctct_deleted'
                 WHEN c.m_permission = 'unsubscribed' AND NOT c.do_not_email THEN 'ctct_unsubscribed'
                 WHEN c.d_email OR c.d_first OR c.d_last OR c.d_dne THEN 'drift'
                 ELSE 'in_agreement'
               END
             WHEN c.crm_sharing IS NOT NULL OR coalesce(c.ctct_live, 0) > 1 OR c.folding OR c.linked_elsewhere THEN 'needs_review'
             WHEN c.ctct_live = 1 THEN 'awaiting_link'
             ELSE 'not_in_ctct'
           END AS class
      FROM compared c
  ),
  classified AS (
    -- Drift flags only mean something for drift; elsewhere they are reported as false.
    SELECT id, email, key, first_name, last_name, do_not_email, ctct_contact_id, class, crm_sharing, ctct_live, ctct_any_deleted,
           linked_elsewhere, folding, m_id, m_email, m_first, m_last, m_permission, m_deleted,
           class = 'drift' AND d_email AS d_email, class = 'drift' AND d_first AS d_first, class = 'drift' AND d_last AS d_last,
           class = 'drift' AND d_dne AS d_dne
      FROM classified_raw
  )`;

/** The columns of ClassifiedRow, as selected from `classified`. */
export const CLASSIFIED_COLUMNS = `id, email, key, first_name, last_name, do_not_email, ctct_contact_id, class, crm_sharing, ctct_live,
  ctct_any_deleted, linked_elsewhere, folding, m_id, m_email, m_first, m_last, m_permission, m_deleted, d_email, d_first, d_last, d_dne`;
