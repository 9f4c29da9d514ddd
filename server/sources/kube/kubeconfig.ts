import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import type { KubernetesSourceConfig } from '../../config/schema/kubernetes';
import { didYouMean } from '../../did-you-mean';

/** A client-node KubeConfig holding exactly one context: the one cluster it reaches. */
export interface ClusterKubeConfig {
  kc: KubeConfig;
  /** API server URL (no credentials in it). */
  server: string;
  /** Where the settings came from, for logs: "kubeconfig /x context prod", "in-cluster", "server". Never a secret. */
  origin: string;
  /** TLS verification is off (insecure-skip-tls-verify or insecureSkipVerify). */
  insecure: boolean;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The kubeconfig files to read, in kubectl's order: the configured path(s),
 * else every entry of KUBECONFIG, else ~/.kube/config.
 */
export function kubeconfigPaths(configured: string | readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? os.homedir();
  const expand = (p: string) => (p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p);
  if (configured !== undefined) return (typeof configured === 'string' ? [configured] : [...configured]).map(expand);
  const fromEnv = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (fromEnv.length) return fromEnv;
  return [path.join(home, '.kube', 'config')];
}

/**
 * Reads and merges kubeconfig files the way kubectl merges KUBECONFIG: the
 * first file that defines a cluster, user or context name wins, and so does
 * the first current-context. Files of the list that do not exist are skipped
 * (as kubectl does) as long as one exists.
 */
export function loadMergedKubeconfig(paths: readonly string[]): Loaded<KubeConfig> {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  let read = 0;
  for (const file of paths) {
    if (!existsSync(file)) continue;
    const one = new KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (error) {
      return { ok: false, problem: `kubeconfig ${file}: cannot be read (${error instanceof Error ? error.message : String(error)})` };
    }
    read++;
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  if (read === 0)
    return { ok: false, problem: paths.length === 1 ? `kubeconfig ${paths[0]}: no such file` : `no kubeconfig file found: no such file ${paths.join(', ')}` };
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return { ok: true, value: merged };
}

/** Plain http has no TLS to verify; client-node only accepts it with skipTLSVerify set. */
function withPlainHttpAllowed(cluster: Cluster): Cluster {
  return cluster.server.startsWith('http:') ? { ...cluster, skipTLSVerify: true } : cluster;
}

function singleContext(cluster: Cluster, user: User, contextName: string, origin: string): ClusterKubeConfig {
  const kc = new KubeConfig();
  const usable = withPlainHttpAllowed(cluster);
  kc.loadFromOptions({
    clusters: [usable],
    users: [user],
    contexts: [{ name: contextName, cluster: usable.name, user: user.name }],
    currentContext: contextName,
  });
  return { kc, server: cluster.server, origin, insecure: cluster.skipTLSVerify };
}

/** The one context `name` (default: current-context) of a merged kubeconfig. */
export function selectContext(merged: KubeConfig, name: string | undefined, where: string): Loaded<ClusterKubeConfig> {
  const contextName = name ?? merged.getCurrentContext();
  if (!contextName) return { ok: false, problem: `${where}: no context given and no current-context set` };
  const context = merged.getContextObject(contextName);
  if (!context) {
    const known = merged.getContexts().map((c) => c.name);
    return { ok: false, problem: `${where}: no context "${contextName}"${didYouMean(contextName, known)} (known: ${known.join(', ') || 'none'})` };
  }
  const cluster = merged.getCluster(context.cluster);
  if (!cluster) return { ok: false, problem: `${where}: context "${contextName}" names cluster "${context.cluster}", which is not defined` };
  // A context without a user is valid in kubectl (anonymous).
  const user = (context.user && merged.getUser(context.user)) || { name: `${contextName}-anonymous` };
  return { ok: true, value: singleContext(cluster, user, contextName, `${where} context ${contextName}`) };
}

/** Context names matching a glob (`*` any run, `?` one character), in file order. */
export function matchContexts(merged: KubeConfig, glob: string): string[] {
  const pattern = new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return merged
    .getContexts()
    .map((c) => c.name)
    .filter((n) => pattern.test(n));
}

/**
 * Builds the client-node config of one cluster entry: given directly
 * (server/token/caFile), the pod's service account, or a kubeconfig context.
 * Every auth kind client-node supports (token, client certificate, exec
 * plugin, auth-provider, basic) comes through it unchanged.
 */
export function kubeConfigForSource(
  source: KubernetesSourceConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: { /** Prefix of /var/run/secrets/kubernetes.io/serviceaccount (tests). */ serviceAccountRoot?: string } = {},
): Loaded<ClusterKubeConfig> {
  if (source.server !== undefined) {
    const insecure = source.insecureSkipVerify ?? false;
    const cluster: Cluster = { name: 'fleetscope', server: source.server, caFile: source.caFile, skipTLSVerify: insecure };
    const user: User = { name: 'fleetscope', token: source.token };
    return { ok: true, value: singleContext(cluster, user, 'fleetscope', 'server') };
  }
  if (source.inCluster) {
    if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT)
      return { ok: false, problem: 'inCluster: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set (not running in a pod?)' };
    const kc = new KubeConfig();
    // client-node reads the service host and port from process.env, the token file again every minute (as client-go does).
    kc.loadFromCluster(options.serviceAccountRoot);
    const cluster = kc.getCurrentCluster();
    if (!cluster) return { ok: false, problem: 'inCluster: no cluster in the service-account config' };
    return { ok: true, value: { kc, server: cluster.server, origin: 'in-cluster service account', insecure: false } };
  }
  const paths = kubeconfigPaths(source.kubeconfig, env);
  const merged = loadMergedKubeconfig(paths);
  if (!merged.ok) return merged;
  return selectContext(merged.value, source.context, `kubeconfig ${paths.join(path.delimiter)}`);
}
