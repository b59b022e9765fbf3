// The authorize pages: deliberately plain HTML with stable ids (#email, #password, #sign-in, #allow,
// #deny) because a Playwright test in another team drives them.

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Constant Contact (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1b2a3a}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;margin-right:.5rem;padding:.6rem 1.2rem}.error{color:#b00020}.scopes li{margin:.2rem 0}</style>
</head><body>${body}</body></html>`;

export function signInPage(action: string, error?: string, email = ''): string {
  return layout(
    'Sign in',
    `<h1>Sign in to Constant Contact</h1>
<p>Sandbox account: <code>owner@sandbox.ctct.local</code> / <code>sandbox</code></p>
${error ? `<p class="error" id="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="email">Email or username</label><input id="email" name="email" type="text" autocomplete="username" value="${escapeHtml(email)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button id="sign-in" name="sign-in" type="submit">Sign in</button>
</form>`,
  );
}

const SCOPE_TEXT: Record<string, string> = {
  account_read: 'Read your account details',
  account_update: 'Change your account details',
  contact_data: 'Read and change your contacts and lists',
  campaign_data: 'Read and change your email campaigns and their reports',
  billing_data: 'Read and change billing data',
  offline_access: 'Keep access when you are not signed in',
  openid: 'Know who you are',
  profile: 'Read your profile',
};

export function consentPage(action: string, clientId: string, scopes: string[]): string {
  const items = scopes.map((s) => `<li data-scope="${escapeHtml(s)}">${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join('');
  return layout(
    'Allow access',
    `<h1>Allow <span id="client-id">${escapeHtml(clientId)}</span> to access your Constant Contact account?</h1>
<ul class="scopes" id="scopes">${items}</ul>
<form method="post" action="${escapeHtml(action)}">
<button id="allow" name="decision" value="allow" type="submit">Allow</button>
<button id="deny" name="decision" value="deny" type="submit">Deny</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="error" id="error">${escapeHtml(message)}</p>`);
}
