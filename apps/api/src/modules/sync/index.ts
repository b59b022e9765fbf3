// The sync module's public surface for code outside the API (the benches): the jobs' page sizes and report kinds.
export { REPORT_PAGE_SIZE } from './jobs/activities.job';
export { CONTACTS_PAGE_SIZE } from './jobs/link-contacts.job';
export { LISTS_PAGE_SIZE } from './jobs/lists.job';
export { TRACKING_KINDS } from './jobs/tracking-rows';
