import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root';

/** What this build of fleetscope is, as Prometheus' own `prometheus_build_info` says it of itself. */
export interface BuildInfo {
  /** package.json's version. */
  readonly version: string;
  /**
   * The source revision: FLEETSCOPE_REVISION when the build set it (the
   * image does), else the commit a git checkout is on, else `unknown`.
   */
  readonly revision: string;
  /** The branch a git checkout is on; `unknown` otherwise (Prometheus' `branch`). */
  readonly branch: string;
  /** process.version, e.g. `v20.19.2`. */
  readonly nodeVersion: string;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The commit and branch of the checkout at `root`, read from .git (loose or packed refs); unknown when it is not a checkout. */
function gitHead(root: string): { revision: string; branch: string } {
  const git = path.join(root, '.git');
  const head = readText(path.join(git, 'HEAD'));
  if (!head) return { revision: 'unknown', branch: 'unknown' };
  const ref = /^ref: (refs\/heads\/(.+))$/.exec(head);
  if (!ref) return { revision: /^[0-9a-f]{40}$/.test(head) ? head : 'unknown', branch: 'HEAD' };
  const [, refName = '', branch = 'unknown'] = ref;
  const loose = readText(path.join(git, refName));
  const packed = readText(path.join(git, 'packed-refs'))
    ?.split('\n')
    .find((line) => line.endsWith(` ${refName}`))
    ?.split(' ')[0];
  const revision = loose ?? packed ?? 'unknown';
  return { revision: /^[0-9a-f]{40}$/.test(revision) ? revision : 'unknown', branch };
}

/** Read once at start: package.json, the environment, the checkout. */
export function readBuildInfo(root: string = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const manifest: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const version =
    manifest !== null && typeof manifest === 'object' && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : 'unknown';
  const git = gitHead(root);
  const revision = env.FLEETSCOPE_REVISION?.trim() || git.revision;
  return { version, revision, branch: git.branch, nodeVersion: process.version };
}
