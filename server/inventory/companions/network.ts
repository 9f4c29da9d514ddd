import type { ScrapedSeries } from '../../fleet/series';
import { COMPANION_METRICS as M, ownLabel } from '../metrics';
import type { CiliumStatus, IstioStatus, Target } from '../types';
import { risesSinceEarlier, type CounterInput } from './rise';

const NOT_THE_AGENT = /operator|hubble|envoy/;

/**
 * A scrape target of Cilium's agent: a job named like cilium (cilium-agent,
 * kube-system/cilium…), or, scraped by pod annotations under a job of any
 * name (kubernetes-pods), a pod of the agent's DaemonSet (cilium-x2k4p);
 * never its operator, Hubble or Envoy.
 */
export function isCiliumAgentTarget(target: Pick<Target, 'job' | 'pod'>): boolean {
  if (/cilium/.test(target.job)) return !NOT_THE_AGENT.test(target.job);
  return /^cilium-[a-z0-9]{5}$/.test(target.pod);
}

/**
 * Cilium's agents: unreachable nodes per agent (cilium_unreachable_nodes),
 * endpoints by state (cilium_endpoint_state{endpoint_state}), and the agent
 * targets' `up`. Null when neither Cilium metric nor an agent target is seen.
 */
export function readCilium(series: ScrapedSeries, targets: readonly Target[] | null): CiliumStatus | null {
  const unreachable = series.get(M.ciliumUnreachable);
  const endpoints = series.get(M.ciliumEndpoints);
  const agentTargets = (targets ?? []).filter(isCiliumAgentTarget);
  if (!unreachable && !endpoints && agentTargets.length === 0) return null;
  const byState: Record<string, number> = {};
  for (const s of endpoints ?? []) {
    const state = s.labels.endpoint_state ?? 'unknown';
    byState[state] = (byState[state] ?? 0) + s.value;
  }
  return {
    unreachableNodes: (unreachable ?? []).map((s) => ({
      agent: ownLabel(s.labels, 'pod') || ownLabel(s.labels, 'instance') || (s.labels.node ?? ''),
      nodes: s.value,
    })),
    endpoints: byState,
    agents: agentTargets.length ? { up: agentTargets.filter((t) => t.up).length, down: agentTargets.filter((t) => !t.up).map((t) => t.instance) } : null,
  };
}

/**
 * Istio: istiod's and the proxies' versions (istio_build{component,tag}:
 * "pilot" is istiod, "proxy" a sidecar or gateway), and the xDS pushes the
 * proxies rejected or istiod failed to send since the earlier scrape
 * (pilot_total_xds_rejects, pilot_xds_pushes{type=~".*_senderr"}). Null
 * when neither is federated.
 */
export function readIstio(input: CounterInput): IstioStatus | null {
  const { series } = input;
  const builds = series.get(M.istioBuild);
  if (!builds && !series.has(M.istioRejects) && !series.has(M.istioPushes)) return null;
  const controlPlane = new Set<string>();
  const proxies: Record<string, number> = {};
  for (const s of builds ?? []) {
    const tag = s.labels.tag ?? '';
    if (!tag) continue;
    if (s.labels.component === 'pilot') controlPlane.add(tag);
    else if (s.labels.component === 'proxy') proxies[tag] = (proxies[tag] ?? 0) + 1;
  }
  const rejects = risesSinceEarlier(input, M.istioRejects, () => 'rejects');
  const sendErrors = risesSinceEarlier(input, M.istioPushes, (labels) => (/_senderr$/.test(labels.type ?? '') ? 'senderr' : null));
  const counted = [rejects, sendErrors].filter((r) => r !== null);
  const pushErrors = counted.length ? counted.reduce((sum, r) => sum + [...r.rises.values()].reduce((a, b) => a + b, 0), 0) : null;
  return { controlPlane: [...controlPlane].sort(), proxies, pushErrors, pushErrorsOverMs: counted[0]?.overMs ?? null };
}
