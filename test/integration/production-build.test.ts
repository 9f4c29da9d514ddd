import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/command';
import { productionInstall, type ProductionInstall } from '../helpers/production-install';
import { waitFor } from '../helpers/server';

const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/** Starts a command in the install and waits for the line that says where it listens. */
async function listening(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn', ...env }, detached: true });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${output.join('')}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      output.push(d.toString());
      const m = /running at (http:\/\/[^/\s]+)/.exec(output.join(''));
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output.join('')}`));
    });
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // The group: `npm start` runs node under a shell.
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

/** What a user of the wall sees: the page, its script, and the demo fleet through the API, once ready. */
async function expectWorkingProduct(url: string): Promise<void> {
  await waitFor('ready', async () => (await fetch(`${url}/readyz`)).ok, 60_000);
  const page = await (await fetch(`${url}/wall`)).text();
  const script = /<script[^>]+src="([^"]+\.js)"/.exec(page)?.[1];
  expect(script).toBeDefined();
  const asset = await fetch(`${url}${script}`);
  expect([asset.status, asset.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  const health: { clusters: Array<{ cluster: string }> } = await (await fetch(`${url}/api/clusters`)).json();
  expect(health.clusters.map((c) => c.cluster)).toContain('prod-eu');
}

describe('the production build: npm run build, then only the production dependencies', () => {
  let install: ProductionInstall;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    install = productionInstall();
  });

  afterAll(async () => {
    await Promise.all(children.map(stop));
    install?.close();
  });

  it('builds the server and the web app into dist/ and installs no development tool', () => {
    expect(existsSync(path.join(install.dir, 'dist/server/fleetscope.mjs'))).toBe(true);
    expect(existsSync(path.join(install.dir, 'dist/web/index.html'))).toBe(true);
    for (const tool of ['tsx', 'vite', 'esbuild', 'typescript', 'vitest', '@vitejs/plugin-react'])
      expect(existsSync(path.join(install.dir, 'node_modules', tool)), tool).toBe(false);
    expect(existsSync(path.join(install.dir, 'node_modules/better-sqlite3'))).toBe(true);
  });

  it('runs the whole product with `node dist/server/fleetscope.mjs serve`', async () => {
    const { child, url } = await listening(process.execPath, ['dist/server/fleetscope.mjs', 'serve', '--host', '127.0.0.1', '--port', '0'], install.dir);
    children.push(child);
    await expectWorkingProduct(url);
    await stop(child);
  });

  it('runs the build through the `fleetscope` command and `npm start` when tsx is not installed', async () => {
    const version = spawnSync(process.execPath, ['server/fleetscope.mjs', '--version'], { cwd: install.dir, encoding: 'utf8' });
    // No .git in an install: the revision is unknown unless the build sets FLEETSCOPE_REVISION.
    expect([version.status, version.stdout]).toEqual([
      0,
      `fleetscope, version ${PACKAGE_VERSION} (branch: unknown, revision: unknown)\n  node version: ${process.version}\n`,
    ]);
    const { child, url } = await listening('npm', ['start'], install.dir, { PORT: '0' });
    children.push(child);
    await expectWorkingProduct(url);
    await stop(child);
  });

  it('says how to build when there is neither a build nor tsx', () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-bare-'));
    try {
      copyFileSync(path.join(ROOT, 'server/fleetscope.mjs'), path.join(bare, 'fleetscope.mjs'));
      const run = spawnSync(process.execPath, [path.join(bare, 'fleetscope.mjs'), 'serve'], { cwd: bare, encoding: 'utf8' });
      expect([run.status, run.stderr]).toEqual([
        2,
        'fleetscope is not built and tsx is not installed: run `npm run build` (or `npm install` for the development set-up)\n',
      ]);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
