import { execFile, type ExecFileOptions } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const BIN = '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

/** A real PostgreSQL 15 on 127.0.0.1 for a test, in a temporary folder of its own. */
export interface TestPostgres {
  /** postgres://… of its one database, trust authentication on loopback. */
  readonly url: string;
  /** Stops it at once (`pg_ctl stop -m immediate`): connections drop as they do when a server is lost. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder, with what was committed before. */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb and postgres refuse to run as root: as root, they run as the
 * `postgres` account, in a folder it owns.
 */
function asServerUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const account = statSync('/var/lib/postgresql', { throwIfNoEntry: false });
  return account ? { uid: account.uid, gid: account.gid } : null;
}

/**
 * Starts a PostgreSQL 15 with fsync off (a test's data need not survive a
 * power cut; synchronous_commit stays on, so a commit survives `kill`, as
 * the connection-loss tests require), listening on 127.0.0.1 on a free port and on a socket in its
 * own folder only.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-pg-'));
  const data = path.join(dir, 'data');
  const user = asServerUser();
  const exec = (file: string, args: string[]) => {
    const options: ExecFileOptions = { cwd: dir, env: { ...process.env, LC_ALL: 'C' }, ...(user ?? {}) };
    return run(path.join(BIN, file), args, options);
  };
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  await exec('initdb', ['-D', data, '-U', 'fleetscope', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
  const start = () => exec('pg_ctl', ['start', '-D', data, '-w', '-s', '-l', path.join(dir, 'log'), '-o', options]);
  await start();
  await exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'fleetscope', 'fleetscope']);
  let running = true;
  return {
    url: `postgres://fleetscope@127.0.0.1:${port}/fleetscope`,
    async kill() {
      if (!running) return;
      await exec('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-s']);
      running = false;
    },
    async restart() {
      if (running) await exec('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-s']);
      await start();
      running = true;
    },
    async stop() {
      if (running) await exec('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-s']);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
