import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../project-root';

/**
 * `GET /api/v1/status/buildinfo` in Prometheus' shape
 * (https://prometheus.io/docs/prometheus/latest/querying/api/#build-information).
 * Clients read `version` to decide which API features to use (Grafana picks
 * its query editor's features by it), so `version` is the Prometheus API
 * level fleetscope answers as — that of the Prometheus release whose API it
 * was checked against — and fleetscope's own version is in `branch` and
 * `revision`; `goVersion` names the Node.js runtime, there being no Go.
 */
export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

/** The Prometheus release whose HTTP API fleetscope's /api/v1 is tested against (Debian's promtool and prometheus). */
export const PROMETHEUS_API_VERSION = '2.42.0';

function packageVersion(): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const version: unknown = parsed && typeof parsed === 'object' ? Reflect.get(parsed, 'version') : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** fleetscope's build info; the revision from FLEETSCOPE_REVISION (set by the image build), else "unknown". */
export function readBuildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const version = packageVersion();
  return {
    version: PROMETHEUS_API_VERSION,
    revision: env.FLEETSCOPE_REVISION || 'unknown',
    branch: `fleetscope-${version}`,
    buildUser: 'fleetscope',
    buildDate: env.FLEETSCOPE_BUILD_DATE || 'unknown',
    goVersion: `node ${process.version}`,
  };
}
