/**
 * The classification of every live CRM contact with an email, as one SQL read model (a read across contacts, the CC
 * mirror and the consent ledger; nothing is written). Used as `WITH … classified AS (…)`.
 *
 * Linked contacts are judged by their linked CC contact. Unlinked ones by the link rule (sync/jobs/plan-links.ts),
 * over the group of contacts sharing their loose email key (`email_loose_key`, email-key.ts): with a free live CC
 * contact in the group, the contact links only when the group holds exactly one live CC contact and one CRM contact
 * with its very key, and needs review otherwise (CC contacts or CRM contacts sharing it, or equal only by a case
 * folding CC may not make); when every live CC contact of the group is linked to another CRM contact, it needs
 * review too; with none, it is not in CC. Names are compared as a field push would send them (trimmed, CC's 50
 * characters), and only when the mirror has read CC's names; Do Not Email agrees when CC is unsubscribed, or
 * reported the unsubscribe after the mirror last synced (the activities run learns opt-outs from campaign reports
 * without touching the mirror).
 */
export const CLASSIFIED_CTE = `
  crm AS NOT MATERIALIZED (
    SELECT c.id, c.email, c.email_normalized AS key, c.email_loose_key AS loose, c.first_name, c.last_name, c.do_not_email,
           c.ctct_contact_id
      FROM contacts c
     WHERE c.deleted_at IS NULL AND c.email_normalized IS NOT NULL
  ),
  -- The loose-key groups of unlinked contacts: the only ones whose class depends on other contacts.
  free_groups AS (
    SELECT DISTINCT loose FROM crm WHERE ctct_contact_id IS NULL
  ),
  crm_groups AS (
    SELECT loose, count(*)::int AS n FROM crm WHERE loose IN (SELECT loose FROM free_groups) GROUP BY loose
  ),
  ctct_groups AS (
    SELECT m.email_loose_key AS loose,
           count(*) FILTER (WHERE m.cc_deleted_at IS NULL)::int AS live,
           count(*) FILTER (WHERE m.cc_deleted_at IS NULL AND holder.id IS NULL)::int AS free,
           (array_agg(m.contact_id ORDER BY m.contact_id) FILTER (WHERE m.cc_deleted_at IS NULL))[1] AS live_id,
           min(m.email_normalized) FILTER (WHERE m.cc_deleted_at IS NULL) AS live_key,
           bool_or(m.cc_deleted_at IS NOT NULL) AS any_deleted
      FROM ctct_contacts m
      -- The live CRM contact a CC contact is linked to (links are one-to-one).
      LEFT JOIN contacts holder ON holder.ctct_contact_id = m.contact_id AND holder.deleted_at IS NULL
     WHERE m.email_loose_key IN (SELECT loose FROM free_groups)
     GROUP BY m.email_loose_key
  ),
  -- Opt-outs CC reported (imported by a run), newest per CRM contact and CC contact.
  reported AS (
    SELECT contact_id, ctct_contact_id, max(recorded_at) AS recorded_at
      FROM consent_events WHERE kind = 'ctct_opt_out_imported' GROUP BY contact_id, ctct_contact_id
  ),
  joined AS (
    SELECT crm.*, g.n AS crm_group, k.live AS ctct_live, k.free AS ctct_free, k.any_deleted AS ctct_any_deleted,
           CASE
             WHEN crm.ctct_contact_id IS NOT NULL OR coalesce(k.live, 0) = 0 THEN NULL
             WHEN k.free = 0 THEN 'held'
             WHEN k.live > 1 THEN 'ctct_sharing'
             WHEN g.n > 1 THEN 'crm_sharing'
             WHEN k.live_key IS DISTINCT FROM crm.key THEN 'folding'
           END AS review,
           m.contact_id AS m_id, m.email_address AS m_email, m.email_normalized AS m_key, m.first_name AS m_first, m.last_name AS m_last,
           m.permission_to_send AS m_permission, m.cc_deleted_at IS NOT NULL AS m_deleted, m.names_synced_at IS NOT NULL AS m_names,
           coalesce(r.recorded_at >= m.synced_at, false) AS m_reported_unsubscribed
      FROM crm
      LEFT JOIN crm_groups g ON g.loose = crm.loose AND crm.ctct_contact_id IS NULL
      LEFT JOIN ctct_groups k ON k.loose = crm.loose AND crm.ctct_contact_id IS NULL
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
             WHEN c.review IS NOT NULL THEN 'needs_review'
             WHEN c.ctct_live = 1 THEN 'awaiting_link'
             ELSE 'not_in_ctct'
           END AS class
      FROM compared c
  ),
  classified AS (
    -- Drift flags only mean something for drift; elsewhere they are reported as false.
    SELECT id, email, key, first_name, last_name, do_not_email, ctct_contact_id, class, review, crm_group, ctct_live, ctct_any_deleted,
           m_id, m_email, m_first, m_last, m_permission, m_deleted,
           class = 'drift' AND d_email AS d_email, class = 'drift' AND d_first AS d_first, class = 'drift' AND d_last AS d_last,
           class = 'drift' AND d_dne AS d_dne
      FROM classified_raw
  )`;

/** The columns of ClassifiedRow, as selected from `classified`. */
export const CLASSIFIED_COLUMNS = `id, email, key, first_name, last_name, do_not_email, ctct_contact_id, class, review, crm_group, ctct_live,
  ctct_any_deleted, m_id, m_email, m_first, m_last, m_permission, m_deleted, d_email, d_first, d_last, d_dne`;
