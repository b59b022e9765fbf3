import { isoTime } from '../clock';

export type CampaignStatus = 'Draft' | 'Scheduled' | 'Executing' | 'Done' | 'Error' | 'Removed';

export interface CampaignLink {
  url_id: string;
  link_url: string;
}

export interface CampaignActivityRecord {
  /** Dense index, what tracking rows store (Uint16). */
  index: number;
  id: string;
  campaignId: string;
  role: 'primary_email' | 'permalink' | 'resend';
  subject: string;
  preheader: string;
  fromName: string;
  fromEmail: string;
  replyToEmail: string;
  listIds: string[];
  status: CampaignStatus;
  links: CampaignLink[];
}

export interface UniqueCounts {
  sends: number;
  opens: number;
  clicks: number;
  forwards: number;
  optouts: number;
  abuse: number;
  bounces: number;
  not_opened: number;
}

export interface CampaignRecord {
  id: string;
  name: string;
  /** e.g. NEWSLETTER, CUSTOM_CODE_EMAIL, AB_TEST */
  type: string;
  typeCode: number;
  status: CampaignStatus;
  createdAt: number;
  updatedAt: number;
  lastSentAt?: number;
  activities: CampaignActivityRecord[];
  /**
   * False for campaign kinds whose per-contact tracking CC's tracking reports do not serve here (the
   * A/B test): they appear in /emails and in the summaries (with `presetCounts`), but their tracking
   * endpoints answer 404, so the integration must report them by summary only.
   */
  trackedByReports: boolean;
  presetCounts?: UniqueCounts;
}

/** Email campaigns and their activities (a few hundred at most: plain objects are fine). */
export class CampaignStore {
  campaigns: CampaignRecord[] = [];
  private byId = new Map<string, CampaignRecord>();
  activities: CampaignActivityRecord[] = [];
  private activitiesById = new Map<string, CampaignActivityRecord>();

  add(campaign: Omit<CampaignRecord, 'activities'>, activities: Omit<CampaignActivityRecord, 'index' | 'campaignId'>[]): CampaignRecord {
    const record: CampaignRecord = { ...campaign, activities: [] };
    for (const activity of activities) {
      const full: CampaignActivityRecord = { ...activity, campaignId: record.id, index: this.activities.length };
      if (full.index > 0xffff) throw new Error('too many campaign activities (65,536)');
      this.activities.push(full);
      this.activitiesById.set(full.id, full);
      record.activities.push(full);
    }
    this.campaigns.push(record);
    this.byId.set(record.id, record);
    return record;
  }

  get(id: string): CampaignRecord | undefined {
    return this.byId.get(id);
  }

  getActivity(id: string): CampaignActivityRecord | undefined {
    return this.activitiesById.get(id);
  }

  campaignOf(activity: CampaignActivityRecord): CampaignRecord {
    return this.byId.get(activity.campaignId)!;
  }

  clear(): void {
    this.campaigns = [];
    this.byId.clear();
    this.activities = [];
    this.activitiesById.clear();
  }
}

export function toEmailCampaignSummary(c: CampaignRecord): Record<string, unknown> {
  return {
    campaign_id: c.id,
    created_at: isoTime(c.createdAt),
    current_status: c.status,
    name: c.name,
    type: c.type,
    type_code: c.typeCode,
    updated_at: isoTime(c.updatedAt),
  };
}

export function toEmailCampaign(c: CampaignRecord): Record<string, unknown> {
  return {
    campaign_activities: c.activities.map((a) => ({ campaign_activity_id: a.id, role: a.role })),
    ...toEmailCampaignSummary(c),
  };
}

export function toEmailCampaignActivity(a: CampaignActivityRecord, include: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    campaign_activity_id: a.id,
    campaign_id: a.campaignId,
    role: a.role,
    contact_list_ids: a.listIds,
    current_status: a.status,
    format_type: 5,
    from_email: a.fromEmail,
    from_name: a.fromName,
    reply_to_email: a.replyToEmail,
    subject: a.subject,
    preheader: a.preheader,
  };
  if (include.has('html_content')) {
    out.html_content = `<html><body><h1>${a.subject}</h1>${a.links
      .map((l) => `<p><a href="${l.link_url}">${l.link_url}</a></p>`)
      .join('')}</body></html>`;
  }
  if (include.has('permalink_url')) out.permalink_url = `https://myemail.constantcontact.com/sandbox.html?soid=sandbox&aid=${a.id}`;
  if (include.has('physical_address_in_footer')) {
    out.physical_address_in_footer = {
      address_line1: '1 Sandbox Way',
      city: 'Waltham',
      country_code: 'US',
      organization_name: 'Sandbox Organization',
      postal_code: '02451',
      state_code: 'MA',
    };
  }
  if (include.has('document_properties')) out.document_properties = { letter_format: 'HTML' };
  return out;
}
