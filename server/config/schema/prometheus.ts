import { z } from 'zod';
import { duration, httpUrl } from './common';

/** How fleetscope reaches one cluster's Prometheus federation endpoint. */
export const prometheusSource = z.strictObject({
  /** Full URL of /federate, e.g. http://prometheus.prod-eu:9090/federate. */
  url: httpUrl,
  interval: duration.default(15_000),
  timeout: duration.default(10_000),
});
export type PrometheusSourceConfig = z.output<typeof prometheusSource>;
