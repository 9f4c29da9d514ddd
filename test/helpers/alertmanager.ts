import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './server';

/** A real `prometheus-alertmanager` (Debian's package) started by a test, on loopback, without clustering. */
export interface RealAlertmanager {
  url: string;
  /** What it wrote to stderr, for a failure's message. */
  output: string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** Starts Alertmanager with the configuration file given (its storage under `dir`) and waits until /-/ready answers. */
export async function startAlertmanager(options: { configFile: string; dir: string }): Promise<RealAlertmanager> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const storage = path.join(options.dir, 'alertmanager-data');
  mkdirSync(storage, { recursive: true });
  const child: ChildProcess = spawn(
    '/usr/bin/prometheus-alertmanager',
    [
      `--config.file=${options.configFile}`,
      `--storage.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor('Alertmanager ready', async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok, 30_000);
  } catch (error) {
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}; it wrote: ${output.join('')}`, { cause: error });
  }
  return { url, output, close };
}

/** What one run of a command printed, and how it ended. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs Debian's `amtool` with `args`. HOME is `home`, so that no
 * ~/.config/amtool/config.yml of the machine's user is read (a test may put one there).
 */
export function amtool(args: readonly string[], options: { home: string }): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/amtool',
      [...args],
      { env: { PATH: process.env.PATH ?? '', HOME: options.home, USER: 'amtool-user' }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
