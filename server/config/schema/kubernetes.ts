import { z } from 'zod';
import { duration, httpUrl } from './common';

/** How fleetscope reaches one cluster's Kubernetes API server. */
export const kubernetesSource = z.strictObject({
  /** API server URL, e.g. https://10.0.0.1:6443. */
  server: httpUrl,
  /** Bearer token (a secret: never logged, never sent to the browser). */
  token: z.string().min(1).optional(),
  /** PEM file of the CA that signed the API server's certificate. */
  caFile: z.string().min(1).optional(),
  /** Skip TLS verification. Off by default; warned about in the logs. */
  insecureSkipVerify: z.boolean().default(false),
  /** How often /version is asked. */
  versionInterval: duration.default(60_000),
});
export type KubernetesSourceConfig = z.output<typeof kubernetesSource>;
