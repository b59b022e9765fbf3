/** An OAuth application registered with the sandbox's authorization server. */
export interface SandboxClient {
  clientId: string;
  /** Absent for a public (PKCE-only) client. */
  clientSecret?: string;
  /** Compared exactly, as CC does. */
  redirectUris: string[];
  /** CC lets each application choose; rotating is CC's recommendation and the default here. */
  refreshTokenType?: 'rotating' | 'long_lived';
}

/** The CC user who signs in on the sandbox's authorize page. */
export const SANDBOX_USER = { email: 'owner@sandbox.ctct.local', password: 'sandbox', userId: 'sandbox-owner' } as const;

const DEMO_REDIRECT_URIS = [
  'http://localhost:3000/api/ctct/oauth/callback',
  'http://127.0.0.1:3000/api/ctct/oauth/callback',
  'http://localhost:4200/api/ctct/oauth/callback',
  'http://127.0.0.1:4200/api/ctct/oauth/callback',
];

/** The default confidential client (HTTP Basic auth at the token endpoint). */
export const DEMO_CLIENT: Readonly<Required<SandboxClient>> = Object.freeze({
  clientId: 'ctct-sandbox-demo-client',
  clientSecret: 'ctct-sandbox-demo-secret',
  redirectUris: DEMO_REDIRECT_URIS,
  refreshTokenType: 'rotating',
});

/** The default public client (PKCE S256, no secret). */
export const DEMO_PUBLIC_CLIENT: Readonly<SandboxClient> = Object.freeze({
  clientId: 'ctct-sandbox-demo-public-client',
  redirectUris: DEMO_REDIRECT_URIS,
  refreshTokenType: 'rotating',
});

export const KNOWN_SCOPES = [
  'account_read',
  'account_update',
  'contact_data',
  'campaign_data',
  'billing_data',
  'offline_access',
  'openid',
  'profile',
] as const;
export type Scope = (typeof KNOWN_SCOPES)[number];
