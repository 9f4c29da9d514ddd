import { readBuildInfo as readFleetscopeBuild, type BuildInfo as FleetscopeBuild } from '../../build-info';

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

/** fleetscope's build (server/build-info.ts) in Prometheus' shape: the API level as `version`, fleetscope's own version in `branch`. */
export function prometheusBuildInfo(build: FleetscopeBuild = readFleetscopeBuild(), env: NodeJS.ProcessEnv = process.env): BuildInfo {
  return {
    version: PROMETHEUS_API_VERSION,
    revision: build.revision,
    branch: `fleetscope-${build.version}`,
    buildUser: 'fleetscope',
    buildDate: env.FLEETSCOPE_BUILD_DATE || 'unknown',
    goVersion: `node ${build.nodeVersion}`,
  };
}
