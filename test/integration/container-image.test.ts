import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/command';
import { copyCheckout, run } from '../helpers/production-install';
import { waitFor } from '../helpers/server';
import { freePort } from './federation-helpers';

const SCRIPT = 'deploy/image/fleetscope-image.sh';
/** The unprivileged user the image's steps run as here (the image itself uses 10001). */
const NOBODY = 65534;

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('the Dockerfile runs the image script', () => {
  const steps = instructions(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  const stages = steps.flatMap((s, i) => (s.op === 'FROM' ? [i] : []));
  const runtime = steps.slice(stages.at(-1));

  it('builds with the script in an official Node 20 image and runs it in a slim one', () => {
    expect(steps.filter((s) => s.op === 'FROM').map((s) => s.args)).toEqual(['node:${NODE_VERSION}-bookworm AS build', 'node:${NODE_VERSION}-bookworm-slim']);
    expect(steps.find((s) => s.op === 'ARG' && s.args.startsWith('NODE_VERSION'))?.args).toBe('NODE_VERSION=20');
    expect(steps.filter((s) => s.op === 'RUN' && s.args.includes(SCRIPT)).map((s) => s.args)).toEqual([`sh ${SCRIPT} build && sh ${SCRIPT} stage /app`]);
    expect(runtime.find((s) => s.op === 'ENTRYPOINT')?.args).toBe(`["sh", "/app/${SCRIPT}", "run"]`);
    expect(runtime.find((s) => s.op === 'HEALTHCHECK')?.args).toMatch(new RegExp(`CMD \\["sh", "/app/${SCRIPT}", "healthcheck"\\]$`));
  });

  it('runs as a numeric non-root user with data/ as the one volume, and says what it is (OCI labels)', () => {
    const user = runtime.find((s) => s.op === 'USER')?.args ?? '';
    expect(user).toMatch(/^[1-9][0-9]*:[1-9][0-9]*$/);
    expect(runtime.find((s) => s.op === 'VOLUME')?.args).toBe('["/app/data"]');
    const labels = runtime
      .filter((s) => s.op === 'LABEL')
      .map((s) => s.args)
      .join(' ');
    for (const key of ['title', 'description', 'source', 'licenses', 'version', 'revision']) expect(labels).toContain(`org.opencontainers.image.${key}=`);
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(p);
  });
});

describe('the image script, run as the image runs it: a non-root user, the app read-only, only data/ writable', () => {
  let top: string;
  let app: string;
  let server: ChildProcess | undefined;
  let url: string;
  const output: string[] = [];
  let stranger: ReturnType<typeof spawnSync>;
  const asNobody = (args: string[], env: NodeJS.ProcessEnv) =>
    spawn('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...args], {
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
      // A container's environment: no HOME to write to, the image's own variables.
      env: { PATH: process.env.PATH, HOME: '/nonexistent', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    });

  beforeAll(async () => {
    top = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-image-'));
    chmodSync(top, 0o755);
    const src = path.join(top, 'src');
    app = path.join(top, 'app');
    mkdirSync(src);
    copyCheckout(src);
    // The build stage: as the Dockerfile's RUN line does.
    run('sh', [SCRIPT, 'build'], src);
    run('sh', [SCRIPT, 'stage', app], src);
    // The runtime stage: root owns the app and nobody may write it; data/ is the user's volume.
    run('chmod', ['-R', 'a-w', app], top);
    chownSync(path.join(app, 'data'), NOBODY, NOBODY);
    chmodSync(path.join(app, 'data'), 0o755);
    chmodSync(app, 0o555);

    // Another user, to whom data/ is not writable, first (before anything is in data/).
    stranger = spawnSync('setpriv', ['--reuid=65533', '--regid=65533', '--clear-groups', 'sh', path.join(app, SCRIPT), 'run'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: '/nonexistent', HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = asNobody(['sh', path.join(app, SCRIPT), 'run'], { HOST: '127.0.0.1', PORT: String(port) });
    server.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    server.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    await waitFor('ready', async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true || server?.exitCode !== null, 60_000);
    if (server.exitCode !== null) throw new Error(`the image's command exited with ${server.exitCode}:\n${output.join('')}`);
  }, 600_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (top) rmSync(top, { recursive: true, force: true });
  });

  it('stages only what runs: the build, the production dependencies, the tables, no sources or tools', () => {
    expect(readdirSync(app).sort()).toEqual(['README.md', 'config', 'data', 'deploy', 'dist', 'node_modules', 'package-lock.json', 'package.json', 'server']);
    expect(readdirSync(path.join(app, 'server'))).toEqual(['fleetscope.mjs']);
    for (const tool of ['tsx', 'vite', 'esbuild', 'typescript', 'vitest']) expect(existsSync(path.join(app, 'node_modules', tool)), tool).toBe(false);
  });

  it('serves the demo fleet and the wall, ready, writing only under data/', async () => {
    const page = await (await fetch(`${url}/wall`)).text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(page)?.[1];
    expect((await fetch(`${url}${script}`)).status).toBe(200);
    const health: { clusters: Array<{ cluster: string; status: string }> } = await (await fetch(`${url}/api/clusters`)).json();
    expect(health.clusters.length).toBe(6);
    // What it wrote: the store and the demo fleet's files, all in data/, all the unprivileged user's.
    const written = readdirSync(path.join(app, 'data')).sort();
    expect(written).toEqual(expect.arrayContaining(['demo', 'fleetscope.db']));
    for (const f of written) expect(statSync(path.join(app, 'data', f)).uid, f).toBe(NOBODY);
    const denied = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'touch', path.join(app, 'probe')], { encoding: 'utf8' });
    expect(denied.status).not.toBe(0);
  });

  it("says which folder it cannot write when data/ is not the user's, without a stack trace", () => {
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toContain(`fleetscope cannot write ${path.join(app, 'data', 'demo')}: permission denied (EACCES).\n`);
    expect(stranger.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers the HEALTHCHECK: 0 while it serves, 1 when nothing does', async () => {
    const port = new URL(url).port;
    const check = (env: NodeJS.ProcessEnv) =>
      new Promise<number | null>((resolve) => asNobody(['sh', path.join(app, SCRIPT), 'healthcheck'], env).once('exit', resolve));
    expect(await check({ PORT: port })).toBe(0);
    expect(await check({ PORT: String(await freePort()) })).toBe(1);
  });
});
