import { describe, expect, it } from 'vitest';
import { validateConfig } from '../load';
import { DEFAULT_SCRAPE_LIMITS, scrapeLimitsOf } from './prometheus';

function problems(prometheus: unknown, extra: Record<string, unknown> = {}): string[] {
  const result = validateConfig({ clusters: [{ name: 'a', prometheus, ...extra }] });
  return result.ok ? [] : result.problems;
}

describe('clusters[].prometheus', () => {
  it('accepts every way of reaching and authenticating, with defaults filled', () => {
    const result = validateConfig({
      federation: { concurrency: 4 },
      clusters: [
        {
          name: 'a',
          prometheus: {
            url: 'https://p.example:9090/federate',
            bearerTokenFile: '/var/run/token',
            tls: { caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' },
            maxBodySize: '8MiB',
            match: ['{job="ksm"}'],
          },
        },
        {
          name: 'b',
          prometheus: { url: 'http://p/federate', basicAuth: { username: 'u', passwordFile: '/pw' }, existingClusterLabel: 'keep', staleAfter: '10m' },
        },
        {
          name: 'c',
          prometheus: { service: { namespace: 'monitoring', name: 'prometheus-k8s', port: 'web' } },
          kubernetes: { server: 'https://127.0.0.1:6443', token: 't' },
        },
      ],
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const [a, b, c] = result.config.clusters;
    expect(result.config.federation.concurrency).toBe(4);
    expect(a?.prometheus?.maxBodySize).toBe(8 * 1024 * 1024);
    expect(a?.prometheus?.tls?.insecureSkipVerify).toBe(false);
    expect(b?.prometheus?.staleAfter).toBe(600_000);
    expect(c?.prometheus?.service).toEqual({ namespace: 'monitoring', name: 'prometheus-k8s', port: 'web', scheme: 'http', path: '/federate' });
  });

  it.each([
    [{ interval: '15s' }, 'clusters[0].prometheus.url: give exactly one of url or service'],
    [{ url: 'http://p/federate', service: { namespace: 'm', name: 'p', port: 9090 } }, 'clusters[0].prometheus.url: give exactly one of url or service'],
    [
      { url: 'http://p/federate', bearerToken: 'x', bearerTokenFile: '/t' },
      'clusters[0].prometheus.bearerTokenFile: use only one of bearerToken, bearerTokenFile',
    ],
    [{ url: 'http://p/federate', basicAuth: { username: 'u' } }, 'clusters[0].prometheus.basicAuth.password: give exactly one of password or passwordFile'],
    [{ url: 'http://p/federate', tls: { certFile: '/c.pem' } }, 'clusters[0].prometheus.tls.keyFile: certFile and keyFile go together'],
    [{ url: 'http://p/federate', maxBodySize: '64 lots' }, 'clusters[0].prometheus.maxBodySize: must be a size like 64MiB, 500KB or a number of bytes'],
    [{ url: 'http://p/federate', match: [] }, 'clusters[0].prometheus.match: must list at least one selector'],
    [{ url: 'http://p/federate', existingClusterLabel: 'drop' }, 'clusters[0].prometheus.existingClusterLabel'],
    [{ url: 'http://p/federate', interval: '5s', timeout: '10s' }, 'clusters[0].prometheus.timeout: must not be longer than interval'],
    [{ service: { namespace: 'Bad_NS', name: 'p', port: 9090 } }, 'clusters[0].prometheus.service.namespace: must be a Kubernetes name'],
  ])('rejects %j', (prometheus, message) => {
    expect(problems(prometheus).join('\n')).toContain(message);
  });

  it("needs the cluster's kubernetes settings for service", () => {
    expect(problems({ service: { namespace: 'm', name: 'p', port: 9090 } })).toContain(
      "clusters[0].prometheus.service: reaching Prometheus through the API server needs the cluster's kubernetes settings",
    );
  });

  it('rejects a bad fleet-wide concurrency', () => {
    const result = validateConfig({ federation: { concurrency: 0 }, clusters: [{ name: 'a', prometheus: { url: 'http://p/federate' } }] });
    expect(result.ok ? [] : result.problems.join('\n')).toContain('federation.concurrency');
  });
});

describe('scrape limits and the series budget', () => {
  it('gives each cluster the fleet defaults, or its own, as Prometheus gives scrape configs its global ones', () => {
    const result = validateConfig({
      federation: { sampleLimit: 50_000, labelLimit: 0 },
      clusters: [
        { name: 'a', prometheus: { url: 'http://a/federate' } },
        { name: 'b', prometheus: { url: 'http://b/federate', sampleLimit: 1_000_000, labelValueLengthLimit: 16_384 } },
      ],
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { federation, clusters } = result.config;
    expect(federation.maxSeries).toBeUndefined();
    expect(scrapeLimitsOf(clusters[0]!.prometheus!, federation)).toEqual({
      sampleLimit: 50_000,
      labelLimit: 0,
      labelNameLengthLimit: 256,
      labelValueLengthLimit: 4096,
    });
    expect(scrapeLimitsOf(clusters[1]!.prometheus!, federation)).toEqual({
      sampleLimit: 1_000_000,
      labelLimit: 0,
      labelNameLengthLimit: 256,
      labelValueLengthLimit: 16_384,
    });
  });

  it('defaults to bounded limits', () => {
    const result = validateConfig({ clusters: [{ name: 'a', prometheus: { url: 'http://a/federate' } }] });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(scrapeLimitsOf(result.config.clusters[0]!.prometheus!, result.config.federation)).toEqual(DEFAULT_SCRAPE_LIMITS);
    expect(DEFAULT_SCRAPE_LIMITS).toEqual({ sampleLimit: 200_000, labelLimit: 64, labelNameLengthLimit: 256, labelValueLengthLimit: 4096 });
  });

  it.each([
    [{ federation: { maxSeries: 0 } }, 'federation.maxSeries: must be 1 or more'],
    [{ federation: { sampleLimit: -1 } }, 'federation.sampleLimit: must be 0 (no limit) or more'],
    [{ federation: { labelLimit: 1.5 } }, 'federation.labelLimit: must be a whole number'],
    [
      { clusters: [{ name: 'a', prometheus: { url: 'http://a/federate', labelNameLengthLimit: 'long' } }] },
      'clusters[0].prometheus.labelNameLengthLimit: must be a whole number',
    ],
  ])('rejects %j', (document, message) => {
    const result = validateConfig({ clusters: [{ name: 'a', prometheus: { url: 'http://a/federate' } }], ...document });
    expect(result.ok ? '' : result.problems.join('\n')).toContain(message);
  });
});
