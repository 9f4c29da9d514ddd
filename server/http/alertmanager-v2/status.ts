/**
 * `GET /api/v2/status` and `GET /api/v2/receivers`. Pure. The
 * configuration Alertmanager answers as `config.original` is, here,
 * fleetscope's routing tree and receivers written in Alertmanager's YAML,
 * so that `amtool config routes` draws the tree and `amtool config routes
 * test` routes label sets through it. Receivers are listed by name only:
 * their webhook URLs are secrets, and their kinds (Teams, Google Chat) have
 * no Alertmanager integration of the same name.
 */
import { stringify } from 'yaml';
import { formatMatcher } from '../../../shared/matchers';
import type { Route } from '../../alerts/route';
import type { BuildInfo } from '../../build-info';
import type { AlertmanagerStatus, Receiver } from './types';

/** Alertmanager's (Prometheus') duration text, exact: 90000 → "1m30s", 0 → "0s". */
export function alertmanagerDuration(ms: number): string {
  if (ms === 0) return '0s';
  const units: ReadonlyArray<readonly [string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ];
  let rest = ms;
  let text = '';
  for (const [unit, size] of units) {
    if (rest < size) continue;
    text += `${Math.floor(rest / size)}${unit}`;
    rest %= size;
  }
  return text;
}

/** One node as Alertmanager's `route:` writes it; what a child inherits is written out, which means the same. */
function routeYaml(route: Route): Record<string, unknown> {
  return {
    receiver: route.receiver,
    group_by: [...route.groupBy],
    ...(route.matchers.length ? { matchers: route.matchers.map(formatMatcher) } : {}),
    ...(route.continue ? { continue: true } : {}),
    group_wait: alertmanagerDuration(route.groupWaitMs),
    group_interval: alertmanagerDuration(route.groupIntervalMs),
    repeat_interval: alertmanagerDuration(route.repeatIntervalMs),
    ...(route.routes.length ? { routes: route.routes.map(routeYaml) } : {}),
  };
}

/** fleetscope's routing as an Alertmanager configuration file; empty without receivers (fleetscope then routes nothing). */
export function alertmanagerConfig(route: Route | null, receivers: readonly string[]): string {
  if (!route) return '';
  return stringify({ route: routeYaml(route), receivers: receivers.map((name) => ({ name })) });
}

export interface StatusInput {
  readonly route: Route | null;
  readonly receivers: readonly string[];
  readonly build: BuildInfo;
  /** When this process started (epoch ms). */
  readonly startedAt: number;
}

/** `versionInfo` has Go's build fields; fleetscope puts what it knows there (server/build-info.ts), Node's version in `goVersion`. */
export function alertmanagerStatus(input: StatusInput): AlertmanagerStatus {
  return {
    cluster: { status: 'disabled', peers: [] },
    versionInfo: {
      version: input.build.version,
      revision: input.build.revision,
      branch: input.build.branch,
      buildUser: '',
      buildDate: '',
      goVersion: `node ${input.build.nodeVersion}`,
    },
    config: { original: alertmanagerConfig(input.route, input.receivers) },
    uptime: new Date(input.startedAt).toISOString(),
  };
}

export function receiverList(receivers: readonly string[]): Receiver[] {
  return receivers.map((name) => ({ name }));
}
