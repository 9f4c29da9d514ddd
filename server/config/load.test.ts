import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema';
import { parseConfigText } from './load';
import { DEFAULT_MATCH } from './schema/prometheus';

const valid = `
clusters:
  - name: prod-eu
    labels: { env: prod }
    prometheus: { url: "http://127.0.0.1:9090/federate", interval: 30s }
`;

function problems(text: string): string[] {
  const result = parseConfigText(text, 'fleet.yaml');
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems;
}

describe('config validation', () => {
  it('accepts a valid config, fills defaults and freezes it', () => {
    const result = parseConfigText(valid, 'fleet.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(result.config.clusters[0]?.prometheus).toEqual({
      url: 'http://127.0.0.1:9090/federate',
      interval: 30_000,
      timeout: 10_000,
      match: [...DEFAULT_MATCH],
      maxBodySize: 64 * 1024 * 1024,
      existingClusterLabel: 'rename',
      staleAfter: 300_000,
    });
    expect(Object.isFrozen(result.config.clusters[0])).toBe(true);
  });

  it('takes sharding on PostgreSQL with its defaults, and names the fields of a sharding it cannot run', () => {
    const result = parseConfigText(
      `${valid}store: { postgres: { url: "postgres://db/fleetscope" } }\nsharding: { enabled: true, replica: fleetscope-0 }\n`,
      'fleet.yaml',
    );
    expect(result.ok && result.config.sharding).toEqual({
      enabled: true,
      replica: 'fleetscope-0',
      heartbeatInterval: 5_000,
      memberTimeout: 15_000,
      handover: 30_000,
    });
    expect(problems(`${valid}sharding: { enabled: true }\n`)).toEqual([
      'sharding.enabled: sharding needs store.postgres: the replicas share their members and summaries in PostgreSQL',
    ]);
    expect(
      problems(
        `${valid}store: { postgres: { url: "postgres://db/fleetscope" } }\nsharding: { enabled: true, replica: "a b", heartbeatInterval: 10s, memberTimeout: 15s }\n`,
      ),
    ).toEqual([
      'sharding.replica: must be letters, digits, "-", "_" or ".", at most 63',
      'sharding.heartbeatInterval: heartbeatInterval must be at most half of memberTimeout',
    ]);
  });

  it('names a missing field', () => {
    expect(problems('clusters:\n  - labels: {}\n    prometheus: { url: "http://a/federate" }\n')).toEqual(['clusters[0].name: is required']);
  });

  it('names a field of the wrong type', () => {
    expect(problems('clusters:\n  - name: a\n    prometheus: { url: "http://a/federate", interval: 15 }\n')).toEqual([
      'clusters[0].prometheus.interval: must be a duration like 15s, 2m or 1h30m (got number)',
    ]);
    expect(problems('clusters: { name: a }\n')).toEqual(['clusters: must be a list (got a mapping)']);
  });

  it('names a duplicate cluster name and where it was first used', () => {
    const text =
      'clusters:\n  - name: a\n    prometheus: { url: "http://a/federate" }\n  - name: b\n    prometheus: { url: "http://b/federate" }\n  - name: a\n    prometheus: { url: "http://c/federate" }\n';
    expect(problems(text)).toEqual(['clusters[2].name: duplicate cluster name "a" (also clusters[0].name)']);
  });

  it('names a bad URL', () => {
    expect(problems('clusters:\n  - name: a\n    prometheus: { url: "prometheus:9090" }\n')).toEqual([
      'clusters[0].prometheus.url: must be a URL (http:// or https://)',
    ]);
  });

  it('names an unknown key, so a typo is not silently ignored', () => {
    expect(problems('clusters:\n  - name: a\n    promethues: { url: "http://a/federate" }\n')).toEqual([
      'clusters[0].promethues: unknown key (did you mean "prometheus"?)',
      'clusters[0]: needs at least one of prometheus or kubernetes',
    ]);
  });

  it('reports every problem at once', () => {
    const text = 'clusterLabel: "bad-label"\nclusters:\n  - name: A\n    kubernetes: { server: nope, insecureSkipVerify: "yes" }\n';
    expect(problems(text)).toEqual([
      'clusterLabel: must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)',
      'clusters[0].name: must be lower-case letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'clusters[0].kubernetes.server: must be a URL (http:// or https://)',
      'clusters[0].kubernetes.insecureSkipVerify: must be a boolean (got string)',
    ]);
  });

  it('says so when the file is not YAML or is empty', () => {
    expect(problems('clusters: [a, b')[0]).toMatch(/^fleet\.yaml: not valid YAML: /);
    expect(problems('')).toEqual(['fleet.yaml: the file is empty']);
  });

  it('the example config is valid', () => {
    const result = parseConfigText(readFileSync('config/fleet.example.yaml', 'utf8'), 'fleet.example.yaml');
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('the committed JSON schema is the generated one (run npm run schema)', () => {
    expect(readFileSync('config/fleetscope.schema.json', 'utf8')).toBe(configJsonSchema());
  });
});
