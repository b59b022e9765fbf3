import { AppConfig } from '../../config/app-config';

export const CTCT_SCOPES = ['contact_data', 'campaign_data', 'offline_access', 'account_read'] as const;

export interface CtctEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
  clientId: string | null;
  clientSecret: string | null;
  redirectUri: string | null;
  target: 'sandbox' | 'constant-contact';
}

const REAL = {
  authorizeUrl: 'https://authz.constantcontact.com/oauth2/default/v1/authorize',
  tokenUrl: 'https://authz.constantcontact.com/oauth2/default/v1/token',
  revokeUrl: 'https://authz.constantcontact.com/oauth2/default/v1/revoke',
  apiBaseUrl: 'https://api.cc.email/v3',
};

/** Where CC is: the real service by default, the sandbox when CTCT_SANDBOX_URL is set; each URL can be overridden. */
export function resolveCtctEndpoints(config: AppConfig): CtctEndpoints {
  const sandbox = config.CTCT_SANDBOX_URL?.replace(/\/$/, '');
  const base = sandbox
    ? {
        authorizeUrl: `${sandbox}/oauth2/default/v1/authorize`,
        tokenUrl: `${sandbox}/oauth2/default/v1/token`,
        revokeUrl: `${sandbox}/oauth2/default/v1/revoke`,
        apiBaseUrl: `${sandbox}/v3`,
      }
    : REAL;
  return {
    authorizeUrl: config.CTCT_AUTHORIZE_URL ?? base.authorizeUrl,
    tokenUrl: config.CTCT_TOKEN_URL ?? base.tokenUrl,
    revokeUrl: config.CTCT_REVOKE_URL ?? base.revokeUrl,
    apiBaseUrl: (config.CTCT_API_URL ?? base.apiBaseUrl).replace(/\/$/, ''),
    clientId: config.CTCT_CLIENT_ID ?? null,
    clientSecret: config.CTCT_CLIENT_SECRET ?? null,
    redirectUri: config.CTCT_REDIRECT_URI ?? null,
    target: sandbox ? 'sandbox' : 'constant-contact',
  };
}
