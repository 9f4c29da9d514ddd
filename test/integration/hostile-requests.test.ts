import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { openTestStore } from '../helpers/store';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';

/**
 * Hostile requests against a real server: catastrophic regexes in /federate
 * selectors and in silences, a slow reader, a client that hangs up. One fake
 * cluster Prometheus serves pods with kilobyte-long names (one in a hundred
 * ending in "x"), and firing ALERTS for some of them.
 */
const PODS = 3000;
const podName = (i: number) => `pod-${i}-${'ab'.repeat(500)}${i % 100 === 0 ? 'x' : ''}`;
const BODY = [
  ...Array.from({ length: PODS }, (_, i) => `kube_pod_info{namespace="${i % 2 ? 'shop' : 'Shop-EU'}",pod="${podName(i)}"} 1`),
  ...Array.from({ length: 40 }, (_, i) => `ALERTS{alertname="PodCrashLooping",alertstate="firing",severity="warning",pod="${podName(i * 50)}"} 1`),
  ...Array.from({ length: 20_000 }, (_, i) => `filler_series{job="filler",instance="node-${i}:9100"} ${i}`),
  '',
].join('\n');

/**
 * The latency of GET /healthz, asked every 20 ms while `during` runs: the worst one seen. What the tests bound is
 * that nothing holds the event loop for the length of a render or a match (seconds, or for ever before RE2): the bound
 * is a second, so a machine busy with other tests does not fail them. The steps' own lengths are measured by
 * `npm run bench -- matchers` and in docs/performance.md (longest step 7 ms).
 */
const HELD_MS = 1000;
async function worstHealthz(url: string, during: Promise<unknown>): Promise<number> {
  let done = false;
  void during.finally(() => (done = true));
  let worst = 0;
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${url}/healthz`);
    await response.text();
    worst = Math.max(worst, performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  return worst;
}

const federatePath = (...selectors: string[]) => `/federate?${selectors.map((s) => `match[]=${encodeURIComponent(s)}`).join('&')}`;

describe('hostile requests: no pattern or client holds the event loop', () => {
  let cluster: Awaited<ReturnType<typeof startHttp>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    cluster = await startHttp((_req, res) => res.end(BODY));
    const config = validateConfig({
      clusters: [{ name: 'long', prometheus: { url: `${cluster.url}/federate`, interval: '60s', timeout: '20s' } }],
      alerts: { evaluationInterval: '200ms' },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  });

  afterAll(async () => {
    await app?.close();
    await cluster?.close();
  });

  it('answers a catastrophic selector within 5 s while /healthz keeps answering', async () => {
    const started = performance.now();
    const request = fetch(`${app.url}${federatePath('{pod=~"(.*.*)*x"}')}`).then(async (r) => ({ status: r.status, text: await r.text() }));
    const worst = await worstHealthz(app.url, request);
    const { status, text } = await request;
    expect(performance.now() - started).toBeLessThan(5000);
    expect(worst).toBeLessThan(HELD_MS);
    expect(status).toBe(200);
    const pods = text.split('\n').filter((l) => l.startsWith('kube_pod_info{'));
    expect(pods).toHaveLength(PODS / 100);
    expect(pods.every((l) => /pod="[^"]*x"/.test(l))).toBe(true);
  });

  it('reads RE2 syntax in selectors ((?i), \\d, classes) and refuses a lookahead naming the matcher', async () => {
    const text = await (await fetch(`${app.url}${federatePath('{namespace=~"(?i)shop-[[:alpha:]]{2}",pod=~"pod-\\\\d{2}-.*x"}')}`)).text();
    const pods = text.split('\n').filter((l) => l.startsWith('kube_pod_info{'));
    // pod-0 and pod-1000… have no two-digit number; of pod-00..pod-99 only pod-0 ends in x, and it is one digit.
    expect(pods).toEqual([]);
    const upper = await (await fetch(`${app.url}${federatePath('{namespace=~"(?i)SHOP-eu",pod=~"pod-\\\\d+00-.*x"}')}`)).text();
    expect(upper.split('\n').filter((l) => l.startsWith('kube_pod_info{'))).toHaveLength(PODS / 100 - 1);
    const refused = await fetch(`${app.url}${federatePath('{pod=~"(?!canary).*"}')}`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe(
      'match[]={pod=~"(?!canary).*"}: pod=~"(?!canary).*": invalid regular expression (RE2 syntax): invalid or unsupported Perl syntax: `(?!` (lookarounds and backreferences are not part of RE2 syntax, which Prometheus and Alertmanager use)\n',
    );
  });

  it('takes a catastrophic silence, applies it to the forwarded alerts, and stays responsive', async () => {
    await waitFor('the forwarded alerts', async () => {
      const body = await (await fetch(`${app.url}/api/alerts`)).json();
      return body.alerts.length === 40;
    });
    const created = fetch(`${app.url}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'pod', value: '(.*.*)*x', isRegex: true }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'sre',
        comment: 'x-pods',
      }),
    });
    const settled = created.then(async (r) => {
      // Several evaluation rounds (every 200 ms) apply the silence to every alert.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return r;
    });
    const worst = await worstHealthz(app.url, settled);
    const response = await settled;
    expect(response.status).toBe(201);
    const { silenceID } = await response.json();
    expect(worst).toBeLessThan(HELD_MS);
    const { alerts } = await (await fetch(`${app.url}/api/alerts`)).json();
    const silenced = alerts.filter((a: { silencedBy: string[] }) => a.silencedBy.includes(silenceID));
    // Pods 0, 100, …, 1900 end in x: every other forwarded alert (pod 50, 150, …) is not silenced.
    expect(silenced.map((a: { labels: { pod: string } }) => Number(a.labels.pod.split('-')[1])).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 100),
    );
  });

  it('refuses a silence with a lookahead or a backreference, naming the matcher', async () => {
    const response = await fetch(`${app.url}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [
          { name: 'severity', value: 'warning' },
          { name: 'pod', value: '(?!canary).*', isRegex: true },
          { name: 'namespace', value: '(a)\\1', isRegex: true },
        ],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'sre',
        comment: 'x',
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid silence',
      problems: [
        'matchers[1]: pod: not a valid regular expression (RE2 syntax): invalid or unsupported Perl syntax: `(?!` (lookarounds and backreferences are not part of RE2 syntax, which Prometheus and Alertmanager use)',
        'matchers[2]: namespace: not a valid regular expression (RE2 syntax): invalid escape sequence: `\\1` (lookarounds and backreferences are not part of RE2 syntax, which Prometheus and Alertmanager use)',
      ],
    });
  });

  it('keeps serving /healthz while a slow client reads a large answer', async () => {
    const { socket, firstBytes } = await startSlowRead(`${app.url}${federatePath('{__name__=~".+"}')}`);
    try {
      expect(firstBytes).toBeGreaterThan(0);
      const worst = await worstHealthz(app.url, new Promise((r) => setTimeout(r, 1000)));
      expect(worst).toBeLessThan(HELD_MS);
    } finally {
      socket.destroy();
    }
  });

  it('stops rendering when the client hangs up mid-answer', async () => {
    // A hundred catastrophic selectors that match nothing: seconds of matching that write nothing for the client to refuse.
    const selectors = Array.from({ length: 100 }, (_, k) => `{pod=~"(.*.*)*y${k}"}`);
    const { socket } = await startSlowRead(`${app.url}${federatePath(...selectors)}`, { waitForBytes: false });
    // While it renders, the event loop is given back every few ms.
    expect(await worstHealthz(app.url, new Promise((r) => setTimeout(r, 400)))).toBeLessThan(HELD_MS);
    socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    // Once the render has stopped the process is idle: the render alone would keep a core busy for seconds.
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(300);
  });
});

describe('a stored silence that no longer compiles', () => {
  it('is logged with its id, listed with its problem, mutes nothing, and never stops the server', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-old-silence-'));
    const file = path.join(dir, 'fleetscope.db');
    // As a version that compiled regexes with JavaScript's engine left it.
    const old = openTestStore(file);
    const now = Date.now();
    await old.saveSilence({
      id: 'legacy-1',
      matchers: [{ name: 'pod', value: '(?!canary).*', isRegex: true, isEqual: true }],
      startsAt: now - 60_000,
      endsAt: now + 3_600_000,
      createdBy: 'sre',
      comment: 'from before RE2',
      updatedAt: now - 60_000,
    });
    await old.close();
    const cluster = await startHttp((_req, res) => res.end(BODY));
    const config = validateConfig({
      clusters: [{ name: 'long', prometheus: { url: `${cluster.url}/federate`, interval: '60s', timeout: '20s' } }],
      alerts: { evaluationInterval: '200ms' },
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const app = await startTestServer({ config: config.config, storePath: file });
    try {
      expect(app.logs.join('\n')).toMatch(
        /stored silence legacy-1 is skipped \(it mutes nothing until replaced\): matchers\[0\]: pod: not a valid regular expression \(RE2 syntax\)/,
      );
      const { silences } = await (await fetch(`${app.url}/api/silences`)).json();
      expect(silences).toEqual([
        expect.objectContaining({
          id: 'legacy-1',
          status: 'active',
          problem: expect.stringMatching(/^matchers\[0\]: pod: not a valid regular expression \(RE2 syntax\): invalid or unsupported Perl syntax: `\(\?!`/),
        }),
      ]);
      // Rounds of evaluation go on, and the forwarded alerts are not silenced by it.
      const alerts = await waitFor('the forwarded alerts', async () => {
        const body = await (await fetch(`${app.url}/api/alerts`)).json();
        return body.alerts.length === 40 ? body.alerts : undefined;
      });
      expect(alerts.every((a: { silencedBy: string[] }) => a.silencedBy.length === 0)).toBe(true);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A GET whose response is read no further than its first chunk (the socket paused), so the server meets back-pressure. */
async function startSlowRead(url: string, options: { waitForBytes?: boolean } = {}): Promise<{ socket: Socket; firstBytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      response.once('data', (chunk: Buffer) => {
        response.pause();
        resolve({ socket: response.socket, firstBytes: chunk.length });
      });
    });
    request.on('error', reject);
    if (options.waitForBytes === false) request.on('socket', (socket) => resolve({ socket, firstBytes: 0 }));
  });
}
