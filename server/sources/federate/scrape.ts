import type { SourceError } from '../../../shared/errors';
import type { PrometheusSourceConfig } from '../../config/schema/prometheus';
import { httpGet } from '../http-get';
import { parseExposition } from './parse-text';
import type { Sample } from './sample';

/** What the reports need; a real Prometheus answers /federate only for the selectors asked. */
export const DEFAULT_MATCH = [
  '{__name__=~"kube_.+|kubernetes_build_info|container_cpu_usage_seconds_total|container_memory_working_set_bytes|up|ALERTS"}',
];

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface FederateData {
  samples: Sample[];
  bytes: number;
}

export function federateUrl(base: string, match: readonly string[]): string {
  const url = new URL(base);
  for (const selector of match) url.searchParams.append('match[]', selector);
  return url.toString();
}

/** One GET of a cluster's /federate, parsed. */
export async function scrapeFederate(
  config: PrometheusSourceConfig,
): Promise<{ ok: true; data: FederateData } | { ok: false; error: SourceError }> {
  const url = federateUrl(config.url, DEFAULT_MATCH);
  const response = await httpGet({
    url,
    timeoutMs: config.timeout,
    maxBytes: DEFAULT_MAX_BYTES,
    headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
  });
  if (!response.ok) return response;
  const text = response.body.toString('utf8');
  const parsed = parseExposition(text);
  if (parsed.samples.length === 0 && parsed.badLines > 0) {
    return {
      ok: false,
      error: { kind: 'bad_response', message: `GET ${config.url}: not the Prometheus text format (first line: ${JSON.stringify(parsed.firstBadLine)})` },
    };
  }
  return { ok: true, data: { samples: parsed.samples, bytes: response.body.length } };
}
