import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './command';

/** A built fleetscope in a folder of its own, installed as production installs it. */
export interface ProductionInstall {
  readonly dir: string;
  close(): void;
}

export function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/**
 * This checkout's files as git lists them, copied to a fresh folder; `npm run
 * build` run there with the development dependencies; then node_modules
 * replaced by the production dependencies alone, the set `npm ci --omit=dev`
 * installs (npm's own list, hard-linked from this checkout's node_modules, so
 * no registry is needed). What runs there cannot reach tsx, vite, esbuild or
 * typescript.
 */
export function productionInstall(): ProductionInstall {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-prod-'));
  copyCheckout(dir);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  run('npm', ['run', 'build'], dir);
  unlinkSync(path.join(dir, 'node_modules'));

  const modules = path.join(ROOT, 'node_modules');
  const production = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], ROOT)
    .split('\n')
    .map((p) => path.relative(modules, p))
    // Top-level packages only: each is copied with its own nested node_modules.
    .filter((rel) => rel !== '' && !rel.startsWith('..') && !rel.includes(`${path.sep}node_modules${path.sep}`));
  for (const rel of production) {
    mkdirSync(path.dirname(path.join(dir, 'node_modules', rel)), { recursive: true });
    run('cp', ['-al', path.join(modules, rel), path.join(dir, 'node_modules', rel)], ROOT);
  }
  return { dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** This checkout's files as git lists them (committed or not, ignored ones left out), copied into `dest`, as a fresh clone would hold them. */
export function copyCheckout(dest: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && !f.startsWith('node_modules/'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    try {
      copyFileSync(path.join(ROOT, file), path.join(dest, file));
      chmodSync(path.join(dest, file), statSync(path.join(ROOT, file)).mode);
    } catch (error) {
      // A file git still lists but the working tree deleted: the copy has none either.
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
  }
}
