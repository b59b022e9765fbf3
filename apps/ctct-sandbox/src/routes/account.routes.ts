import { V3Operation } from '../http/v3-router';

/** GET /account/summary: who the connected CC account is (encoded_account_id is its natural key). */
export const accountOperations: V3Operation[] = [
  {
    operationId: 'getAccountById',
    method: 'get',
    path: '/account/summary',
    scope: 'account_read',
    area: 'account',
    handle(req, ctx) {
      const extras = new Set(req.query.csv('extra_fields', { allowed: ['physical_address', 'company_logo'] }) ?? []);
      const { physical_address, company_logo, ...summary } = ctx.account;
      const body: Record<string, unknown> = { ...summary };
      if (extras.has('physical_address') && physical_address) body.physical_address = physical_address;
      if (extras.has('company_logo') && company_logo) body.company_logo = company_logo;
      return { status: 200, body };
    },
  },
];
