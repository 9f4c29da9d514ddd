import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/protocol';
import { validateConfig } from '../../server/config/load';
import { createSimTls } from '../../server/simulator/tls';
import { DEMO_FLEET } from '../../server/simulator/demo';
import { TEST_WEB_ROOT } from '../global-setup';
import { startTestServer, waitFor } from '../helpers/server';
import { bcryptHash, httpsGet, issueCert, promtoolCheckWebConfig, writeServerTls } from '../helpers/web-config';
import { messageText } from '../helpers/ws-client';

/**
 * The web configuration file a team's Prometheus and Alertmanager already
 * use (promtool accepts it), given to fleetscope unchanged: TLS from its
 * certificate files, its headers, its basic-auth users. Real clients: node's
 * https with the CA, ws over wss.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-web-config-'));
const file = (name: string) => path.join(dir, name);
const webConfigFile = file('web.yml');
const serverTls = writeServerTls(dir, 'server');

const WEB_CONFIG = `# As Prometheus reads it with --web.config.file.
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  min_version: TLS12
http_server_config:
  headers:
    X-Frame-Options: deny
    X-Content-Type-Options: nosniff
basic_auth_users:
  alice: ${bcryptHash('wonderland')}
`;
writeFileSync(webConfigFile, WEB_CONFIG);

let app: Awaited<ReturnType<typeof startTestServer>>;

/** alice, the file's basic-auth user, as curl -u alice:wonderland sends her. */
const ALICE = { authorization: `Basic ${Buffer.from('alice:wonderland').toString('base64')}` };

async function metric(name: string, ca: string[]): Promise<string | undefined> {
  const answer = await httpsGet(`${app.url}/metrics`, { ca, headers: ALICE });
  return new RegExp(`^${name} (\\S+)$`, 'm').exec(answer.body)?.[1];
}

/** The first message of a websocket over wss, trusting `ca`. */
async function hello(url: string, ca: string[]): Promise<ServerMessage> {
  const socket = new WebSocket(url, { ca, headers: ALICE });
  try {
    return await new Promise<ServerMessage>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(messageText(data)) as ServerMessage));
      socket.once('error', reject);
    });
  } finally {
    socket.close();
  }
}

beforeAll(async () => {
  app = await startTestServer({ webConfigFile, webRoot: TEST_WEB_ROOT });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a Prometheus web configuration file with TLS and bcrypt users', () => {
  it('is one promtool check web-config accepts', () => {
    const check = promtoolCheckWebConfig(webConfigFile);
    expect(check.output).toContain('SUCCESS');
    expect(check.status).toBe(0);
  });

  it('has fleetscope serve the API and the wall over HTTPS to a client that trusts the CA', async () => {
    expect(app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const clusters = await httpsGet(`${app.url}/api/clusters`, { ca: serverTls.caPem, headers: ALICE });
    expect(clusters.status).toBe(200);
    expect((JSON.parse(clusters.body) as { clusters: unknown[] }).clusters).toHaveLength(DEMO_FLEET.length);
    const wall = await httpsGet(`${app.url}/wall`, { ca: serverTls.caPem, headers: ALICE });
    expect(wall.status).toBe(200);
    expect(wall.body).toContain('<div id="root"></div>');
  });

  it("answers 401 with a Basic challenge to a client without the file's credentials, and 200 to alice", async () => {
    const anonymous = await httpsGet(`${app.url}/api/clusters`, { ca: serverTls.caPem });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic realm="fleetscope"');
    const wrong = `Basic ${Buffer.from('alice:looking-glass').toString('base64')}`;
    expect((await httpsGet(`${app.url}/api/clusters`, { ca: serverTls.caPem, headers: { authorization: wrong } })).status).toBe(401);
    const me = await httpsGet(`${app.url}/api/me`, { ca: serverTls.caPem, headers: ALICE });
    expect(JSON.parse(me.body)).toMatchObject({ name: 'alice', role: 'viewer', method: 'basic' });
  });

  it('fails a client that does not trust the CA', async () => {
    const other = createSimTls();
    await expect(httpsGet(`${app.url}/api/clusters`, { ca: other.caPem, headers: ALICE })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it("sends helmet's headers, HSTS and the file's headers on every answer, an error too", async () => {
    for (const route of ['/api/clusters', '/api/no-such-route', '/wall']) {
      const { headers } = await httpsGet(`${app.url}${route}`, { ca: serverTls.caPem, headers: ALICE });
      expect(headers['strict-transport-security'], route).toBe('max-age=31536000; includeSubDomains');
      expect(headers['x-frame-options'], route).toBe('deny');
      expect(headers['x-content-type-options'], route).toBe('nosniff');
      expect(headers['content-security-policy'], route).toContain("script-src 'self'");
      expect(headers['content-security-policy'], route).toContain('upgrade-insecure-requests');
      expect(headers['referrer-policy'], route).toBe('no-referrer');
    }
  });

  it('answers /ws over wss', async () => {
    const first = await hello(`${app.url.replace('https:', 'wss:')}/ws`, [serverTls.caPem]);
    expect(first.type).toBe('hello');
  });

  it('serves a certificate replaced on disk within a few seconds, to new connections, without a restart', async () => {
    const trust = [serverTls.caPem];
    const before = await httpsGet(`${app.url}/api/clusters`, { ca: trust, headers: ALICE });
    expect(before.served).toBe(new X509Certificate(serverTls.certPem).fingerprint256);
    const renewed = issueCert(serverTls, { cn: 'fleetscope', usage: 'server', sans: ['IP:127.0.0.1'] });
    writeFileSync(file('server.key'), renewed.keyPem);
    writeFileSync(file('server.crt'), renewed.certPem);
    const started = Date.now();
    await waitFor(
      'the renewed certificate',
      async () => (await httpsGet(`${app.url}/api/clusters`, { ca: trust, headers: ALICE })).served === renewed.fingerprint,
      5000,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await httpsGet(`${app.url}/api/clusters`, { ca: trust, headers: ALICE })).status).toBe(200);
  });

  it('keeps the file in force when it turns bad, names the field in the log and the UI, and takes it again once fixed', async () => {
    const trust = [serverTls.caPem];
    const served = (await httpsGet(`${app.url}/api/clusters`, { ca: trust, headers: ALICE })).served;
    writeFileSync(webConfigFile, WEB_CONFIG.replace('cert_file: server.crt', 'cert_file: missing.crt'));
    await waitFor('the reload to fail', async () => (await metric('fleetscope_web_config_last_reload_successful', trust)) === '0', 5000);
    expect(app.logs.join('\n')).toContain(`web config tls_server_config.cert_file: no such file ${file('missing.crt')}`);
    // Still serving, with the certificate of the file read before.
    const during = await httpsGet(`${app.url}/api/clusters`, { ca: trust, headers: ALICE });
    expect(during).toMatchObject({ status: 200, served });
    const status = await hello(`${app.url.replace('https:', 'wss:')}/ws`, trust);
    expect(status.type === 'hello' && status.server.webConfig).toMatchObject({ ok: false, problems: ['tls_server_config.cert_file: no such file'] });

    writeFileSync(webConfigFile, WEB_CONFIG);
    await waitFor('the reload to succeed', async () => (await metric('fleetscope_web_config_last_reload_successful', trust)) === '1', 5000);
    const after = await hello(`${app.url.replace('https:', 'wss:')}/ws`, trust);
    expect(after.type === 'hello' && after.server.webConfig).toEqual({ ok: true });
  });
});

describe('without a web configuration file (plain HTTP)', () => {
  it('sends helmet’s headers but no HSTS, and no upgrade-insecure-requests', async () => {
    const config = validateConfig({ clusters: [{ name: 'gone', prometheus: { url: 'http://127.0.0.1:9/' } }] });
    if (!config.ok) throw new Error(config.problems.join('; '));
    const plain = await startTestServer({ config: config.config });
    try {
      expect(plain.url).toMatch(/^http:\/\//);
      const answer = await fetch(`${plain.url}/api/clusters`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('strict-transport-security')).toBeNull();
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await plain.close();
    }
  });
});
