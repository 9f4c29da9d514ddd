import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartbeatMessage, HelloMessage } from '../../shared/protocol';
import { COMMAND, kill9, ROOT, startServe, type ServeChild } from '../helpers/command';
import { waitFor } from '../helpers/server';
import { openTestStore } from '../helpers/store';
import { connectWs } from '../helpers/ws-client';
import { startHttp } from './federation-helpers';

/** What a user must never be shown: a stack frame, or an absolute path of the server's own files. */
const STACK = /\n\s+at |\.ts:\d+|node:internal/;

/** Runs `fleetscope serve` to its exit; resolves to its exit code and output. */
function serveToExit(configFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [COMMAND, 'serve', '--config', configFile, '--port', '0'], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** Makes a file read-only for this process: root passes permission bits, so it gets the immutable attribute instead. */
function makeReadOnly(file: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', file]);
    return () => execFileSync('chattr', ['-i', file]);
  }
  chmodSync(file, 0o444);
  return () => chmodSync(file, 0o644);
}

/** A real store file with rows in it, closed. */
async function storeWithRows(file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const store = openTestStore(file);
  await store.recordDailyCosts(Array.from({ length: 3000 }, (_, i) => ({ cluster: `cluster-${i}`, day: '2026-11-21', daily: i, currency: 'USD' })));
  await store.close();
}

describe('the store at start: a file that cannot be used stops the command with exit code 4 and what to do', () => {
  let dir: string;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  const undo: Array<() => void> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-store-start-'));
    federate = await startHttp((_req, res) => res.end('up 1\n'));
  });
  afterAll(async () => {
    for (const u of undo) u();
    await federate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const configFor = (name: string, storePath: string) => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate` } }], store: { path: storePath } }));
    return file;
  };

  const cases: Array<{ name: string; prepare: (file: string) => Promise<void>; says: RegExp }> = [
    {
      name: 'garbage',
      prepare: async (file) => writeFileSync(file, 'this is not a database\n'.repeat(200)),
      says: /the file is not a SQLite database, or is corrupt \(SQLITE_NOTADB/,
    },
    {
      name: 'corrupt pages',
      prepare: async (file) => {
        await storeWithRows(file);
        const bytes = readFileSync(file);
        for (let i = 2 * 4096; i < 6 * 4096 && i < bytes.length; i++) bytes[i] = (i * 31) & 255;
        writeFileSync(file, bytes);
      },
      says: /corrupt/,
    },
    {
      name: 'read-only',
      prepare: async (file) => {
        await storeWithRows(file);
        undo.push(makeReadOnly(file));
      },
      says: /the database cannot be written .*SQLITE_READONLY/,
    },
    {
      name: 'a folder',
      prepare: async (file) => {
        mkdirSync(file, { recursive: true });
      },
      says: /the database cannot be opened \(SQLITE_CANTOPEN/,
    },
  ];

  it.each(cases)('$name: exit 4, the path and what to do, no stack trace', async ({ name, prepare, says }) => {
    const file = path.join(dir, name.replace(/\W+/g, '-'), 'fleetscope.db');
    mkdirSync(path.dirname(file), { recursive: true });
    await prepare(file);
    const { code, stdout, stderr } = await serveToExit(configFor(name.replace(/\W+/g, '-'), file));
    expect(code).toBe(4);
    expect(stderr).toContain(`fleetscope cannot use its store ${file}: `);
    expect(stderr).toMatch(says);
    expect(stderr).toMatch(/\nWhat to do: .+\.\n$/);
    expect(stderr + stdout).not.toMatch(STACK);
  });
});

describe('the store failing while fleetscope runs: refused, reported everywhere, never written into the void', () => {
  let dir: string;
  let federate: Awaited<ReturnType<typeof startHttp>>;
  const children: ServeChild[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-store-run-'));
    federate = await startHttp((_req, res) => res.end(`up{job="prometheus"} 1 ${Date.now()}\n`));
  });
  afterAll(async () => {
    for (const c of children) await kill9(c);
    await federate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(name: string): Promise<{ child: ServeChild; file: string }> {
    const file = path.join(dir, name, 'fleetscope.db');
    const configFile = path.join(dir, `${name}.json`);
    writeFileSync(
      configFile,
      JSON.stringify({
        clusters: [{ name: 'edge', prometheus: { url: `${federate.url}/federate`, interval: '1s', timeout: '800ms' } }],
        store: { path: file },
        alerts: { evaluationInterval: '200ms' },
      }),
    );
    const child = await startServe(configFile);
    children.push(child);
    await waitFor('ready', async () => (await fetch(`${child.url}/readyz`)).ok, 20_000);
    return { child, file };
  }

  const postAlert = (url: string, alertname: string) =>
    fetch(`${url}/api/alertmanager?cluster=edge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        alerts: [{ status: 'firing', labels: { alertname }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z' }],
      }),
    });

  /** What a user sees of the failure: /readyz, /metrics, the JSON answers, the log line, the banner's data. */
  async function expectReported(child: ServeChild, file: string, problem: string): Promise<void> {
    const readyz = await waitFor(`/readyz failing with ${problem}`, async () => {
      const response = await fetch(`${child.url}/readyz`);
      const text = await response.text();
      return response.status === 503 && text.includes(`(${problem})`) ? text : undefined;
    });
    expect(readyz).toMatch(new RegExp(`^not ready: the store is not working \\(${problem}\\): the database file was .+\\n$`));
    expect(readyz).not.toContain(file);

    const metrics = await (await fetch(`${child.url}/metrics`)).text();
    expect(metrics).toMatch(/^fleetscope_store_up 0$/m);
    expect(metrics).toContain(`fleetscope_store_problem{problem="${problem}"} 1`);

    // Writes after the detection fail loudly; the alert is still held in memory.
    for (const name of ['AfterFault1', 'AfterFault2', 'AfterFault3']) {
      const response = await postAlert(child.url, name);
      expect(response.status).toBe(503);
      const body: { error: string; detail: string } = await response.json();
      expect(body.error).toBe('the store is not working');
      expect(body.detail).toContain(`(${problem})`);
      expect(JSON.stringify(body)).not.toMatch(STACK);
      expect(JSON.stringify(body)).not.toContain(dir);
    }
    await waitFor('the alerts posted after the fault, firing in memory', async () => {
      const now: { alerts: Array<{ labels: Record<string, string>; state: string }> } = await (await fetch(`${child.url}/api/alerts`)).json();
      return now.alerts.filter((a) => a.labels.alertname?.startsWith('AfterFault') && a.state === 'firing').length === 3;
    });
    const notifications = await fetch(`${child.url}/api/notifications`);
    expect(notifications.status).toBe(503);
    expect(await notifications.text()).not.toMatch(STACK);

    // Logged once, with the path, however many writes failed.
    await new Promise((r) => setTimeout(r, 1000));
    const failing = child.output
      .join('')
      .split('\n')
      .filter((line) => line.includes('"component":"store"') && line.includes('failing'));
    expect(failing).toHaveLength(1);
    expect(JSON.parse(failing[0] ?? '{}')).toMatchObject({ level: 50, path: file, problem });

    // The banner's data: hello at once, and every heartbeat.
    const ws = await connectWs(`${child.url.replace('http', 'ws')}/ws`);
    try {
      await waitFor('hello and a heartbeat', () => ws.messages.some((m) => m.type === 'heartbeat'), 15_000);
      const hello = ws.messages.find((m): m is HelloMessage => m.type === 'hello');
      const heartbeat = ws.messages.find((m): m is HeartbeatMessage => m.type === 'heartbeat');
      for (const m of [hello, heartbeat]) expect(m?.server.store).toMatchObject({ ok: false, problem });
    } finally {
      ws.close();
    }
  }

  it('the database file deleted', async () => {
    const { child, file } = await serve('deleted');
    const ws = await connectWs(`${child.url.replace('http', 'ws')}/ws`);
    await waitFor('hello', () => ws.messages.length > 0);
    expect(ws.messages.find((m): m is HelloMessage => m.type === 'hello')?.server.store ?? { ok: true }).toEqual({ ok: true });
    rmSync(file);
    // A heartbeat of the socket opened before tells the page it changed.
    await waitFor('a heartbeat saying the store fails', () => ws.messages.some((m) => m.type === 'heartbeat' && !m.server.store.ok), 15_000);
    ws.close();
    await expectReported(child, file, 'deleted');
  });

  it('the database file overwritten with garbage in place', async () => {
    const { child, file } = await serve('garbage');
    writeFileSync(file, 'garbage\n'.repeat(1000));
    await expectReported(child, file, 'replaced');
  });

  it('the database file replaced by another file', async () => {
    const { child, file } = await serve('renamed');
    const other = path.join(dir, 'renamed', 'other.db');
    await storeWithRows(other);
    renameSync(other, file);
    await expectReported(child, file, 'replaced');
  });
});
