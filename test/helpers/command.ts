import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The `fleetscope` command (package.json `bin`). */
export const COMMAND = path.join(ROOT, 'server/fleetscope.mjs');

/** The node flags the `fleetscope` command runs with: those of its `#!/usr/bin/env -S node …` line. */
export function commandNodeFlags(): string[] {
  const words = (readFileSync(COMMAND, 'utf8').split('\n', 1)[0] ?? '').trim().split(/\s+/);
  const node = words.indexOf('node');
  if (!words[0]?.startsWith('#!') || node < 0) throw new Error(`${COMMAND}: the first line is not a node shebang`);
  return words.slice(node + 1);
}

/** The environment the `fleetscope` command sets for node: the `NAME=value` words of its shebang before `node`. */
export function commandEnv(): Record<string, string> {
  const words = (readFileSync(COMMAND, 'utf8').split('\n', 1)[0] ?? '').trim().split(/\s+/);
  const assignments = words.slice(0, words.indexOf('node')).filter((w) => /^[A-Z_][A-Z0-9_]*=/.test(w));
  return Object.fromEntries(assignments.map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
}

/** What one run of the CLI printed, and its exit code. */
export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`fleetscope ARGS`) in the checkout as a child process, killed if it outlives `timeoutMs`. */
export function runCommand(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMMAND, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A `fleetscope serve` child process started by a test. */
export interface ServeChild {
  process: ChildProcess;
  url: string;
  /** Everything it wrote to stdout (JSON log lines) and stderr, in order. */
  output: string[];
}

/** Starts the real CLI (`fleetscope serve --config FILE` on a free loopback port) and waits for its listen address. */
export async function startServe(configFile: string, env: NodeJS.ProcessEnv = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, [COMMAND, 'serve', '--config', configFile, '--host', '127.0.0.1', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleetscope did not start: ${output.join('')}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      output.push(d.toString());
      const m = /running at (https?:\/\/[^/\s]+)/.exec(output.join(''));
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleetscope exited with ${code}: ${output.join('')}`));
    });
  });
  return { process: child, url, output };
}

/** kill -9, and waits for the exit. */
export async function kill9(child: ServeChild): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}

/** How `fleetscope serve` ended up: running (with its URL), or exited before it listened (with its code and output). */
export type ServeOutcome = { kind: 'running'; child: ServeChild } | { kind: 'exited'; code: number | null; output: string };

/** Starts `fleetscope serve --config FILE --host HOST --port 0` and waits until it listens or exits. */
export async function runServe(options: { configFile: string; host: string; env?: NodeJS.ProcessEnv }): Promise<ServeOutcome> {
  const child = spawn(process.execPath, [COMMAND, 'serve', '--config', options.configFile, '--host', options.host, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info', ...options.env },
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise<ServeOutcome>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleetscope neither started nor exited: ${output.join('')}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      output.push(d.toString());
      const m = /running at (http:\/\/\S+?)\/?\n/.exec(output.join(''));
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ kind: 'running', child: { process: child, url: m[1], output } });
      }
    });
    // 'close', not 'exit': by then everything it wrote has been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ kind: 'exited', code, output: output.join('') });
    });
  });
}
