import http from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';

/** A user of the test identity provider; `groups` may be changed while signed in (the next refresh reads them). */
export interface TestUser {
  password: string;
  name: string;
  email: string;
  groups: string[];
}

export interface TestIdentityProvider {
  /** http://127.0.0.1:PORT, the provider's issuer. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The users by login; delete one to disable it (its next refresh is refused). */
  readonly users: Map<string, TestUser>;
  /** Registers fleetscope's base URL (redirect and post-logout URIs) once it is known; the provider answers only after this. */
  register(fleetscopeUrl: string): void;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, problem: string | null): string {
  return `<!doctype html><html><head><title>Test identity provider</title></head><body>
<h1>Sign in to the test identity provider</h1>${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>user <input name="login" autofocus></label>
<label>password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form></body></html>`;
}

async function formBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A real OpenID provider (the certified oidc-provider package) on
 * 127.0.0.1 for tests: one confidential client that must use PKCE, refresh
 * tokens on every sign-in, short-lived access tokens (so tests see refreshes),
 * groups in userinfo (not in the ID token, as many providers do), RP-initiated
 * logout and revocation. Its sign-in page checks a user and password; consent
 * is given with the sign-in.
 */
export async function startTestIdentityProvider(options: { users: Record<string, TestUser>; accessTokenTtlSeconds?: number }): Promise<TestIdentityProvider> {
  const users = new Map(Object.entries(options.users));
  const clientId = 'fleetscope';
  const clientSecret = 'test-client-secret-0123456789abcdef';
  let provider: Provider | null = null;
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!provider) {
      res.statusCode = 503;
      return void res.end('not registered yet');
    }
    const login = /^\/interaction\/([^/]+)\/login$/.exec(req.url ?? '');
    const page = /^\/interaction\/([^/?]+)$/.exec(req.url ?? '');
    if (page && req.method === 'GET') {
      const details = await provider.interactionDetails(req, res);
      res.setHeader('content-type', 'text/html');
      return void res.end(loginPage(details.uid, null));
    }
    if (login && req.method === 'POST') {
      const details = await provider.interactionDetails(req, res);
      const form = await formBody(req);
      const name = form.get('login') ?? '';
      const user = users.get(name);
      if (!user || user.password !== form.get('password')) {
        res.statusCode = 401;
        res.setHeader('content-type', 'text/html');
        return void res.end(loginPage(details.uid, 'Wrong user or password.'));
      }
      const grant = new provider.Grant({ accountId: name, clientId });
      const scope = details.params.scope;
      grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { login: { accountId: name }, consent: { grantId } }, { mergeWithLastSubmission: false });
    }
    await provider.callback()(req, res);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the identity provider has no TCP address');
  const issuer = `http://127.0.0.1:${address.port}`;

  const configuration = (fleetscopeUrl: string): Configuration => ({
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${fleetscopeUrl}/auth/callback`],
        post_logout_redirect_uris: [`${fleetscopeUrl}/auth/signed-out`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    cookies: { keys: ['test-identity-provider-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    ttl: { AccessToken: options.accessTokenTtlSeconds ?? 3600, IdToken: 3600, RefreshToken: 86_400, Grant: 86_400, Session: 86_400 },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: { devInteractions: { enabled: false }, revocation: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, id) => {
      const user = users.get(id);
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, preferred_username: id, name: user.name, email: user.email, groups: [...user.groups] }) };
    },
  });

  return {
    issuer,
    clientId,
    clientSecret,
    users,
    register(fleetscopeUrl) {
      provider = new Provider(issuer, configuration(fleetscopeUrl));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
