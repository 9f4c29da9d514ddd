import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** A loopback HTTP server answering every request with `handler`; port 0, closed by `close()`. */
export async function startHttp(handler: http.RequestListener): Promise<{ url: string; server: http.Server; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A free loopback port (bound, then released: Prometheus cannot report a port 0 choice back). */
export async function freePort(): Promise<number> {
  const probe = await startHttp(() => undefined);
  const port = Number(new URL(probe.url).port);
  await probe.close();
  return port;
}

export interface RealPrometheus {
  url: string;
  dir: string;
  process: ChildProcess;
  logs: string[];
  /** GET /api/v1/query; returns `data.result`. */
  query(expr: string, time?: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Stops the process and keeps its data folder (start again with `{ dir, port }`). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface PrometheusOptions {
  /** Extra command-line flags, e.g. --web.enable-remote-write-receiver. */
  flags?: readonly string[];
  /** The port and data folder of a Prometheus stopped before: the same server started again. */
  port?: number;
  dir?: string;
}

/**
 * Starts /usr/bin/prometheus on 127.0.0.1 with a temp data dir and the given
 * config (YAML text); waits until it is ready. Killed and cleaned by close().
 */
export async function startPrometheus(configYaml: string, options: PrometheusOptions = {}): Promise<RealPrometheus> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'fleetscope-prom-'));
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, configYaml);
  const port = options.port ?? (await freePort());
  const child = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.flags ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: string[] = [];
  child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${logs.join('')}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`prometheus not ready in 30s: ${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  async function stop() {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
  return {
    url,
    dir,
    process: child,
    logs,
    async query(expr, time) {
      const at = time === undefined ? '' : `&time=${time}`;
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}${at}`);
      const body = (await response.json()) as { data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      return body.data?.result ?? [];
    },
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `promtool check metrics` on a body; returns its exit code and output. */
/** `promtool query ARGS` (Prometheus' own client), its JSON output parsed; asynchronous, as the server it asks may be in this process. */
export async function promtoolQuery(args: string[]): Promise<unknown> {
  const run = await promisify(execFile)('/usr/bin/promtool', ['query', ...args], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(run.stdout);
}

export function promtoolCheckMetrics(body: string): { status: number | null; output: string } {
  const run = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** kube-state-metrics-like exposition of a cluster with the given nodes (the Ready condition of each). */
export function ksmExposition(nodes: Array<{ name: string; ready: boolean }>, extra = ''): string {
  const lines = [
    '# HELP kube_node_status_condition The condition of a cluster node.',
    '# TYPE kube_node_status_condition gauge',
    ...nodes.flatMap((n) =>
      ['true', 'false', 'unknown'].map(
        (status) =>
          `kube_node_status_condition{node="${n.name}",condition="Ready",status="${status}"} ${(status === 'true') === n.ready && status !== 'unknown' ? 1 : 0}`,
      ),
    ),
    '# HELP kube_node_info Information about a cluster node.',
    '# TYPE kube_node_info gauge',
    ...nodes.map((n) => `kube_node_info{node="${n.name}",kubelet_version="v1.29.4",os_image="Ubuntu 22.04.4 LTS"} 1`),
  ];
  return `${lines.join('\n')}\n${extra}`;
}
