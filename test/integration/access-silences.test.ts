import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../server/auth/tokens';
import { validateConfig } from '../../server/config/load';
import { request } from '../helpers/access';
import { startTestServer } from '../helpers/server';
import { startHttp } from './federation-helpers';

describe('silences carry who made them, any operator may expire any of them, and the audit log says who did what', () => {
  const alice = newToken();
  const bob = newToken();
  const root = newToken();
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let federate: Awaited<ReturnType<typeof startHttp>>;

  beforeAll(async () => {
    federate = await startHttp((_req, res) => res.end('up 1\n'));
    const config = validateConfig({
      clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, timeout: '1s' } }],
      auth: {
        tokens: [
          { name: 'alice-bot', role: 'operator', hash: alice.hash },
          { name: 'bob-bot', role: 'operator', hash: bob.hash },
          { name: 'root', role: 'admin', hash: root.hash },
        ],
        proxy: { trustedAddresses: ['127.0.0.2'], defaultRole: 'viewer' },
        groups: { sre: 'operator' },
      },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  });
  afterAll(async () => {
    await app?.close();
    await federate?.close();
  });

  const silence = (headers: Record<string, string | string[]>, localAddress = '127.0.0.1') =>
    request(`${app.url}/api/silences`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      localAddress,
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: '.+', isRegex: true }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'mallory',
        comment: 'maintenance window',
      }),
    });
  const silences = async () => (await request(`${app.url}/api/silences`, { headers: { authorization: `Bearer ${root.token}` } })).json.silences;
  const audit = async () => (await request(`${app.url}/api/audit`, { headers: { authorization: `Bearer ${root.token}` } })).json.entries;

  it("records the authenticated caller as the creator, whatever the body's createdBy says", async () => {
    const created = await silence({ authorization: `Bearer ${alice.token}` });
    expect(created.status).toBe(201);
    // oauth2-proxy sends one X-Forwarded-Groups line per group.
    const byProxy = await silence({ 'x-forwarded-user': 'carol', 'x-forwarded-groups': ['dev', 'sre'] }, '127.0.0.2');
    expect(byProxy.status).toBe(201);
    const listed = await silences();
    expect(listed).toContainEqual(expect.objectContaining({ id: created.json.silenceID, createdBy: 'alice-bot' }));
    expect(listed).toContainEqual(expect.objectContaining({ id: byProxy.json.silenceID, createdBy: 'carol' }));
    expect(await audit()).toContainEqual(
      expect.objectContaining({
        action: 'silence.created',
        actor: 'alice-bot',
        method: 'token',
        from: '127.0.0.1',
        target: created.json.silenceID,
        detail: expect.stringMatching(/^\{alertname=~"\.\+"\} until \S+Z: maintenance window$/),
      }),
    );
  });

  it('lets another operator expire it, and a proxied viewer not, and logs who expired whose silence', async () => {
    const id = (await silence({ authorization: `Bearer ${alice.token}` })).json.silenceID;
    const byViewer = await request(`${app.url}/api/silences/${id}`, { method: 'DELETE', headers: { 'x-forwarded-user': 'dave' }, localAddress: '127.0.0.2' });
    expect(byViewer.status).toBe(403);
    expect(byViewer.json.detail).toBe(`dave (viewer) may not DELETE /api/silences/${id}: that needs the operator role`);
    const expired = await request(`${app.url}/api/silences/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${bob.token}` } });
    expect(expired.status).toBe(200);
    expect((await silences()).find((s: { id: string }) => s.id === id)).toMatchObject({ status: 'expired', createdBy: 'alice-bot' });
    expect((await audit())[0]).toMatchObject({ action: 'silence.expired', actor: 'bob-bot', target: id, detail: '{alertname=~".+"}, created by alice-bot' });
  });
});
