import path from 'node:path';
import type { KubeconfigClustersConfig, KubernetesSourceConfig } from '../../config/schema/kubernetes';
import type { ClusterConfig, FleetscopeConfig } from '../../config/schema/root';
import { didYouMean } from '../../did-you-mean';
import { kubeConfigForSource, kubeconfigPaths, loadMergedKubeconfig, matchContexts, type ClusterKubeConfig } from './kubeconfig';

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;

/**
 * Turns the bulk form into plain cluster entries: every context matching the
 * glob becomes a cluster named after the context, or `rename[context]`.
 */
export function expandKubeconfigClusters(
  entries: readonly KubeconfigClustersConfig[],
  env: NodeJS.ProcessEnv = process.env,
): { clusters: ClusterConfig[]; problems: string[] } {
  const clusters: ClusterConfig[] = [];
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const where = `kubeconfigClusters[${index}]`;
    const paths = kubeconfigPaths(entry.kubeconfig, env);
    const merged = loadMergedKubeconfig(paths);
    if (!merged.ok) return problems.push(`${where}: ${merged.problem}`);
    const contexts = matchContexts(merged.value, entry.contexts);
    if (contexts.length === 0) {
      const known = merged.value.getContexts().map((c) => c.name);
      return problems.push(
        `${where}.contexts: no context of ${paths.join(path.delimiter)} matches "${entry.contexts}"${didYouMean(entry.contexts, known)} (known: ${known.join(', ') || 'none'})`,
      );
    }
    for (const [from] of Object.entries(entry.rename)) {
      if (!contexts.includes(from)) problems.push(`${where}.rename.${from}: no matching context of that name`);
    }
    for (const context of contexts) {
      const name = entry.rename[context] ?? context;
      if (!CLUSTER_NAME.test(name)) {
        problems.push(`${where}: context "${context}" is not a valid cluster name; give it one with rename: { "${context}": NAME }`);
        continue;
      }
      const kubernetes: KubernetesSourceConfig = {
        kubeconfig: paths,
        context,
        versionInterval: entry.versionInterval,
        requestTimeout: entry.requestTimeout,
        watchIdleTimeout: entry.watchIdleTimeout,
        eventRingSize: entry.eventRingSize,
      };
      clusters.push({ name, labels: entry.labels, kubernetes, ...(entry.prometheus ? { prometheus: entry.prometheus } : {}) });
    }
  });
  return { clusters, problems };
}

export interface ResolvedClusters {
  clusters: ClusterConfig[];
  /** Client-node config per cluster name, for clusters with a Kubernetes source. */
  kube: Map<string, ClusterKubeConfig>;
  problems: string[];
}

/**
 * Every cluster of the config with its Kubernetes access resolved (kubeconfig
 * files read, contexts found). Problems name the entry; nothing is contacted.
 */
export function resolveClusters(config: Readonly<FleetscopeConfig>, env: NodeJS.ProcessEnv = process.env): ResolvedClusters {
  const expanded = expandKubeconfigClusters(config.kubeconfigClusters, env);
  const problems = [...expanded.problems];
  const clusters = [...config.clusters, ...expanded.clusters];
  const seen = new Set(config.clusters.map((c) => c.name));
  for (const cluster of expanded.clusters) {
    if (seen.has(cluster.name)) problems.push(`kubeconfigClusters: cluster "${cluster.name}" is also listed under clusters (rename the context)`);
    seen.add(cluster.name);
  }
  const kube = new Map<string, ClusterKubeConfig>();
  config.clusters.forEach((cluster, index) => {
    if (!cluster.kubernetes) return;
    const resolved = kubeConfigForSource(cluster.kubernetes, env);
    if (resolved.ok) kube.set(cluster.name, resolved.value);
    else problems.push(`clusters[${index}].kubernetes: ${resolved.problem}`);
  });
  for (const cluster of expanded.clusters) {
    if (!cluster.kubernetes) continue;
    const resolved = kubeConfigForSource(cluster.kubernetes, env);
    if (resolved.ok) kube.set(cluster.name, resolved.value);
    else problems.push(`cluster ${cluster.name}: ${resolved.problem}`);
  }
  return { clusters, kube, problems };
}
