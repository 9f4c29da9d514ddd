import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { createSimTls } from '../../server/simulator/tls';
import { startTestServer, waitFor } from '../helpers/server';
import { httpsGet, issueCert, promtoolCheckWebConfig, writeServerTls } from '../helpers/web-config';

/**
 * client_auth_type and client_ca_file as Prometheus' web configuration file
 * has them, through node's https client presenting (or not) a certificate;
 * the policy follows the file as it changes, with no restart.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-client-certs-'));
const file = (name: string) => path.join(dir, name);
const webConfigFile = file('web.yml');
const serverTls = writeServerTls(dir, 'server');
const clients = createSimTls();
writeFileSync(file('clients-ca.crt'), clients.caPem);
const trusted = issueCert(clients, { cn: 'grafana', usage: 'client', sans: ['DNS:grafana.example'] });
const otherSan = issueCert(clients, { cn: 'someone', usage: 'client', sans: ['DNS:someone.example'] });
const foreign = issueCert(createSimTls(), { cn: 'intruder', usage: 'client', sans: ['DNS:grafana.example'] });

function webConfig(clientAuth: string, extra = ''): string {
  return `tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_auth_type: ${clientAuth}
  client_ca_file: clients-ca.crt
${extra}`;
}

let app: Awaited<ReturnType<typeof startTestServer>>;
const get = (cert?: { certPem: string; keyPem: string }) =>
  httpsGet(`${app.url}/api/clusters`, { ca: serverTls.caPem, ...(cert ? { cert: cert.certPem, key: cert.keyPem } : {}) });
/** Whether a request with this certificate (or none) gets an answer. */
const answered = async (cert?: { certPem: string; keyPem: string }) =>
  get(cert).then(
    (answer) => answer.status === 200,
    () => false,
  );

async function rewrite(text: string): Promise<void> {
  const logged = app.logs.length;
  writeFileSync(webConfigFile, text);
  await waitFor('the web config to be read again', () => app.logs.slice(logged).some((line) => line.includes('web config')), 5000);
}

beforeAll(async () => {
  writeFileSync(webConfigFile, webConfig('RequireAndVerifyClientCert'));
  const config = validateConfig({ clusters: [{ name: 'gone', prometheus: { url: 'http://127.0.0.1:9/' } }] });
  if (!config.ok) throw new Error(config.problems.join('; '));
  app = await startTestServer({ config: config.config, webConfigFile });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('client certificates from the web configuration file', () => {
  it('is a file promtool check web-config accepts', () => {
    expect(promtoolCheckWebConfig(webConfigFile)).toMatchObject({ status: 0 });
  });

  it('RequireAndVerifyClientCert: answers a certificate of client_ca_file, refuses none and one of another CA', async () => {
    expect(await get(trusted)).toMatchObject({ status: 200 });
    expect(await answered()).toBe(false);
    expect(await answered(foreign)).toBe(false);
    expect(app.logs.join('\n')).toContain('TLS connection refused: client certificate');
  });

  it('VerifyClientCertIfGiven, once the file says so: answers none and a trusted one, refuses one of another CA', async () => {
    await rewrite(webConfig('VerifyClientCertIfGiven'));
    await waitFor('a request without a certificate to be answered', () => answered(), 5000);
    expect(await answered(trusted)).toBe(true);
    expect(await answered(foreign)).toBe(false);
  });

  it('client_allowed_sans (exporter-toolkit 0.10 and later): a trusted certificate must carry one of them', async () => {
    await rewrite(webConfig('RequireAndVerifyClientCert', '  client_allowed_sans: [grafana.example]\n'));
    await waitFor('a certificate without the SAN to be refused', async () => !(await answered(otherSan)), 5000);
    expect(await answered(trusted)).toBe(true);
    expect(await answered(foreign)).toBe(false);
    expect(await answered()).toBe(false);
  });

  it('NoClientCert needs a restart: the policy in force stays, and the log says why', async () => {
    await rewrite(webConfig('NoClientCert').replace('  client_ca_file: clients-ca.crt\n', ''));
    expect(app.logs.join('\n')).toContain(
      'web config tls_server_config.client_auth_type: changing it from RequireAndVerifyClientCert to NoClientCert needs a restart',
    );
    expect(await answered()).toBe(false);
    expect(await answered(trusted)).toBe(true);
  });
});
