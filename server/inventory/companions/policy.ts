import type { ScrapedSeries } from '../../fleet/series';
import { COMPANION_METRICS as M } from '../metrics';
import type { DeprecatedApi, GatekeeperStatus } from '../types';

/**
 * OPA Gatekeeper's audit: violations by enforcement action
 * (gatekeeper_violations{enforcement_action}: Gatekeeper exports no
 * per-constraint series; the count per constraint is in each constraint's
 * status), active constraints by action (gatekeeper_constraints{status="active"})
 * and when the last audit started (gatekeeper_audit_last_run_time). Null when none is federated.
 */
export function readGatekeeper(series: ScrapedSeries): GatekeeperStatus | null {
  const violations = series.get(M.gatekeeperViolations);
  const constraints = series.get(M.gatekeeperConstraints);
  const audit = series.get(M.gatekeeperAudit);
  if (!violations && !constraints && !audit) return null;
  const byAction = (samples: typeof violations, keep: (labels: Readonly<Record<string, string>>) => boolean) => {
    const out: Record<string, number> = {};
    for (const s of samples ?? []) {
      if (!keep(s.labels)) continue;
      const action = s.labels.enforcement_action ?? 'deny';
      out[action] = (out[action] ?? 0) + s.value;
    }
    return out;
  };
  const runs = (audit ?? []).map((s) => s.value).filter((v) => Number.isFinite(v) && v > 0);
  return {
    violations: byAction(violations, () => true),
    constraints: byAction(constraints, (labels) => (labels.status ?? 'active') === 'active'),
    auditLastRun: runs.length ? Math.max(...runs) : null,
  };
}

/**
 * The deprecated APIs the API servers were called on since they started
 * (apiserver_requested_deprecated_apis == 1), once each across instances.
 * Null when not federated (an API server exports it only once a deprecated
 * API was called: absent is also "none called", which a cluster cannot tell
 * apart from "not federated").
 */
export function readDeprecatedApis(series: ScrapedSeries): readonly DeprecatedApi[] | null {
  const samples = series.get(M.deprecatedApis);
  if (!samples) return null;
  const seen = new Map<string, DeprecatedApi>();
  for (const s of samples) {
    if (s.value !== 1) continue;
    const api: DeprecatedApi = {
      group: s.labels.group ?? '',
      version: s.labels.version ?? '',
      resource: s.labels.resource ?? '',
      subresource: s.labels.subresource ?? '',
      removedRelease: s.labels.removed_release ?? '',
    };
    seen.set(`${api.group}/${api.version}/${api.resource}/${api.subresource}`, api);
  }
  return [...seen.values()];
}
