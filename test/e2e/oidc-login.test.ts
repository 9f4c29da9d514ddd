import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import type { FleetscopeConfig } from '../../server/config/schema/root';
import type { SimFleet } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { ARTIFACTS, launchChromium } from '../helpers/browser';
import { startTestIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider';
import { startTestServer } from '../helpers/server';
import { startManyClusters } from './many-clusters';

/** Access tokens of the test provider last this long, so a test sees fleetscope refresh them. */
const ACCESS_TOKEN_TTL_S = 2;

const USERS = {
  ada: { password: 'ada-password', name: 'Ada Admin', email: 'ada@example.com', groups: ['sre-admins'] },
  otto: { password: 'otto-password', name: 'Otto Operator', email: 'otto@example.com', groups: ['sre-oncall', 'everyone'] },
  vic: { password: 'vic-password', name: 'Vic Viewer', email: 'vic@example.com', groups: ['everyone'] },
  mo: { password: 'mo-password', name: 'Mo Marketing', email: 'mo@example.com', groups: ['marketing'] },
};

async function signIn(page: Page, user: keyof typeof USERS): Promise<void> {
  await page.getByRole('textbox', { name: 'user' }).fill(user);
  await page.getByLabel('password').fill(USERS[user].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the built-in OpenID Connect login against a real OpenID provider, in headless Chromium', () => {
  let browser: Browser;
  let sim: SimFleet;
  let idp: TestIdentityProvider;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let config: Readonly<FleetscopeConfig>;
  let dir: string;
  const start = (port = 0) => startTestServer({ webRoot: TEST_WEB_ROOT, config, storePath: path.join(dir, 'fleetscope.db'), port });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-oidc-'));
    idp = await startTestIdentityProvider({ users: structuredClone(USERS), accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S });
    writeFileSync(path.join(dir, 'client-secret'), `${idp.clientSecret}\n`);
    sim = (await startManyClusters(3, '2s')).sim;
    const validated = validateConfig({
      ...sim.configDocument(),
      auth: {
        oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecretFile: path.join(dir, 'client-secret') },
        groups: { 'sre-admins': 'admin', 'sre-oncall': 'operator', everyone: 'viewer' },
        cookieKeyFile: path.join(dir, 'cookie.key'),
      },
    });
    if (!validated.ok) throw new Error(validated.problems.join('; '));
    config = validated.config;
    app = await start();
    idp.register(app.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sim?.close();
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    return { context, page: await context.newPage() };
  };

  it('signs in, shows who is signed in with the actions of the role, refreshes, survives a restart, and signs out', async () => {
    const { context, page } = await newPage();
    const answers: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).origin === app.url)
        void response.text().then(
          (text) => answers.push(text),
          () => undefined,
        );
    });
    await page.goto(`${app.url}/alerts`);
    await expect.poll(() => page.getByTestId('access-page').textContent()).toContain('Sign in to fleetscope');
    await page.screenshot({ path: path.join(ARTIFACTS, 'oidc-sign-in-page.png') });
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.url()).toContain(`${idp.issuer}/interaction/`);
    await signIn(page, 'otto');

    // Back on the page asked for, as otto, an operator: the silence form is there, the audit page is not.
    await expect.poll(() => page.url()).toBe(`${app.url}/alerts`);
    const menu = page.getByTestId('user-menu');
    await expect.poll(() => menu.textContent(), { timeout: 10_000 }).toContain('otto');
    expect(await menu.getAttribute('data-role')).toBe('operator');
    await expect.poll(() => page.getByTestId('silence-form').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');
    await page.screenshot({ path: path.join(ARTIFACTS, 'oidc-signed-in-operator.png') });

    const session = (await context.cookies()).find((c) => c.name === 'fleetscope_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((await context.cookies()).map((c) => c.name)).not.toContain('fleetscope_login');

    // The provider moves otto out of the on-call group; once the access token has expired, fleetscope's refresh sees it.
    idp.users.get('otto')!.groups = ['everyone'];
    await new Promise((r) => setTimeout(r, ACCESS_TOKEN_TTL_S * 1000 + 500));
    await page.reload();
    await expect.poll(() => menu.getAttribute('data-role'), { timeout: 10_000 }).toBe('viewer');
    await expect.poll(() => page.getByTestId('silences-read-only').count()).toBe(1);
    expect(await page.getByTestId('silence-form').count()).toBe(0);

    // A restart signs no one out: the session is in the store, the cookie key in its file.
    const port = Number(new URL(app.url).port);
    await app.close();
    app = await start(port);
    await page.reload();
    await expect.poll(() => menu.textContent(), { timeout: 10_000 }).toContain('otto');
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live');

    // Sign out: here, then at the provider, and back to fleetscope's sign-in page.
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.url()).toContain(idp.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect.poll(() => page.getByTestId('access-page').textContent(), { timeout: 10_000 }).toContain('Sign in to fleetscope');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('fleetscope_session');
    // The old cookie is worth nothing now: the session is gone from the store.
    const replayed = await fetch(`${app.url}/api/me`, { headers: { cookie: `fleetscope_session=${session?.value ?? ''}` } });
    expect(replayed.status).toBe(401);

    // No answer to the browser carried a token of the provider's.
    expect(answers.join('\n')).not.toMatch(/refresh_token|access_token|id_token|"eyJ/);
    await context.close();
  });

  it('ends the session when the provider refuses to refresh it (the user was disabled there)', async () => {
    const { context, page } = await newPage();
    await page.goto(`${app.url}/auth/login?next=/events`);
    await signIn(page, 'vic');
    await expect.poll(() => page.getByTestId('user-menu').getAttribute('data-role'), { timeout: 10_000 }).toBe('viewer');
    expect(page.url()).toBe(`${app.url}/events`);
    idp.users.delete('vic');
    await new Promise((r) => setTimeout(r, ACCESS_TOKEN_TTL_S * 1000 + 500));
    await page.reload();
    await expect.poll(() => page.getByTestId('access-page').textContent(), { timeout: 10_000 }).toContain('your session has ended');
    await context.close();
  });

  it('says why a user whose groups give no role is not let in', async () => {
    const { context, page } = await newPage();
    await page.goto(`${app.url}/auth/login`);
    await signIn(page, 'mo');
    const text = await page.getByTestId('auth-page').textContent();
    expect(text).toContain('No role for you in fleetscope');
    expect(text).toContain('your groups (marketing)');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('fleetscope_session');
    await context.close();
  });

  it('shows the audit log to an admin, and refuses other sites posting with the admin session cookie', async () => {
    const { context, page } = await newPage();
    await page.goto(`${app.url}/auth/login?next=/alerts`);
    await signIn(page, 'ada');
    await expect.poll(() => page.getByTestId('user-menu').getAttribute('data-role'), { timeout: 10_000 }).toBe('admin');

    // A silence created from fleetscope's own page passes the CSRF check.
    await page.locator('input[name="matchers"]').fill('alertname="CsrfProbe"');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await expect.poll(() => page.getByTestId('silences-table').textContent()).toContain('alertname="CsrfProbe"');

    // The audit page renders what GET /api/audit answers (here the answer is the test's).
    await page.route(`${app.url}/api/audit`, (route) =>
      route.fulfill({
        json: {
          entries: [
            {
              id: 1,
              at: '2026-12-01T10:00:00Z',
              action: 'silence.created',
              actor: 'ada',
              method: 'session',
              from: '10.1.2.3',
              target: 'silence 1',
              detail: 'alertname="CsrfProbe"',
            },
          ],
          next: null,
        },
      }),
    );
    await page.getByRole('link', { name: 'Audit' }).click();
    const audit = page.getByTestId('audit-table');
    await expect.poll(() => audit.textContent()).toContain('ada (session)');
    expect(await audit.textContent()).toContain('silence.created');
    expect(await audit.textContent()).toContain('10.1.2.3');

    // Another site (another port of the same host: same-site, so the Lax cookie goes along) posts forms to fleetscope.
    const attacker = http.createServer((req, res) => {
      const target = req.url === '/retry' ? `${app.url}/api/notifications/any/retry` : `${app.url}/api/silences`;
      res.setHeader('content-type', 'text/html');
      res.end(
        `<form method="post" action="${target}" enctype="text/plain"><input name='{"matchers":[{"name":"alertname","value":".+","isRegex":true}],"endsAt":"2099-01-01T00:00:00Z","createdBy":"x","comment":"x","pad":"' value='"}'></form><script>document.forms[0].submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const address = attacker.address();
      const attackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      for (const route of ['/silence', '/retry']) {
        const answer = page.waitForResponse((r) => r.url().startsWith(app.url) && r.request().method() === 'POST');
        await page.goto(`${attackerUrl}${route}`);
        const response = await answer;
        expect(response.request().headers().cookie ?? (await response.request().allHeaders()).cookie).toContain('fleetscope_session=');
        expect(response.status()).toBe(403);
        expect(await response.json()).toMatchObject({ error: 'cross-site request refused' });
      }
    } finally {
      attacker.closeAllConnections();
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
    await page.goto(`${app.url}/alerts`);
    await expect.poll(() => page.getByTestId('silences-table').textContent()).toContain('alertname="CsrfProbe"');
    expect(await page.getByTestId('silences-table').textContent()).not.toContain('alertname=~".+"');
    await context.close();
  });
});
