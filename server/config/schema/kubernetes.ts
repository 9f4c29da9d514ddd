import { z } from 'zod';
import { duration, httpUrl, labels } from './common';
import { prometheusSource } from './prometheus';

/** Settings of the watches and polls, shared by every way of reaching an API server. */
const watchSettings = {
  /** How often /version is asked. */
  versionInterval: duration.default(60_000),
  /** Deadline of one list or /version request, connect to last byte. */
  requestTimeout: duration.default(10_000),
  /** A watch with no event and no bookmark for this long is restarted. */
  watchIdleTimeout: duration.default(120_000),
  /** Most events kept per cluster (older ones leave the ring). */
  eventRingSize: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(100_000).default(1000),
};

const kubeconfigPath = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
  error: 'must be a path or a list of paths',
});

/**
 * How fleetscope reaches one cluster's Kubernetes API server. Exactly one of:
 * - `server` (+ `token`, `caFile`, `insecureSkipVerify`): given directly;
 * - `inCluster: true`: the pod's service account;
 * - otherwise a kubeconfig context: `kubeconfig` (default: KUBECONFIG merged
 *   like kubectl, else ~/.kube/config) and `context` (default: current-context).
 */
export const kubernetesSource = z
  .strictObject({
    /** API server URL, e.g. https://10.0.0.1:6443. */
    server: httpUrl.optional(),
    /** Bearer token (a secret: never logged, never sent to the browser). */
    token: z.string().min(1).optional(),
    /** PEM file of the CA that signed the API server's certificate. */
    caFile: z.string().min(1).optional(),
    /** Skip TLS verification. Off by default; warned about in the logs. */
    insecureSkipVerify: z.boolean().optional(),
    /** Kubeconfig file(s); several are merged the way kubectl merges KUBECONFIG. */
    kubeconfig: kubeconfigPath.optional(),
    /** Context of the kubeconfig; default its current-context. */
    context: z.string().min(1).optional(),
    /** Use the service account of the pod fleetscope runs in. */
    inCluster: z.boolean().optional(),
    ...watchSettings,
  })
  .superRefine((value, ctx) => {
    const direct = value.server !== undefined;
    const viaKubeconfig = value.kubeconfig !== undefined || value.context !== undefined;
    if (direct && viaKubeconfig) ctx.addIssue({ code: 'custom', path: ['server'], message: 'give either server or kubeconfig/context, not both' });
    if (value.inCluster && (direct || viaKubeconfig))
      ctx.addIssue({ code: 'custom', path: ['inCluster'], message: 'inCluster cannot be combined with server, kubeconfig or context' });
    if (!direct) {
      for (const key of ['token', 'caFile', 'insecureSkipVerify'] as const) {
        if (value[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} only applies with server (a kubeconfig or the service account carries its own)` });
      }
    }
  });
export type KubernetesSourceConfig = z.output<typeof kubernetesSource>;

/**
 * The bulk form: every context of a kubeconfig whose name matches a glob
 * becomes a cluster named after the context (or renamed), each with the same
 * `prometheus` settings when given: the same Service reached through each
 * cluster's own API server (a `url` would point every cluster at one
 * Prometheus, so only `service` is taken).
 */
export const kubeconfigClusters = z
  .strictObject({
    kubeconfig: kubeconfigPath.optional(),
    /** Glob over context names: `*` any run of characters, `?` one character. */
    contexts: z.string().min(1).default('*'),
    /** Context name → cluster name. */
    rename: z.record(z.string(), z.string()).default({}),
    /** Labels given to every cluster added by this entry. */
    labels: labels.default({}),
    /** The federation of every cluster added by this entry, through its API server's service proxy. */
    prometheus: prometheusSource.optional(),
    ...watchSettings,
  })
  .superRefine((value, ctx) => {
    if (value.prometheus && value.prometheus.service === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['prometheus', 'service'],
        message: "the bulk form federates through each cluster's API server: give service, not url (one url would be the same Prometheus for every cluster)",
      });
    if (value.prometheus?.queryUrl !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['prometheus', 'queryUrl'],
        message: "the bulk form queries through each cluster's service proxy: leave out queryUrl",
      });
  });
export type KubeconfigClustersConfig = z.output<typeof kubeconfigClusters>;
