import { validateConfig } from '../../server/config/load';
import type { FleetscopeConfig } from '../../server/config/schema/root';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import type { SimClusterSpec } from '../../server/simulator/model';

const ENVS = ['prod', 'prod', 'staging', 'dev'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-1', 'eu-central-1', 'us-west-2'];
const VERSIONS = ['v1.28.15', 'v1.29.10', 'v1.30.6', 'v1.31.2'];

/** A fleet of `count` small simulated clusters with names like "prod-eu-west-1-07", a few of them degraded. */
export function manyClusterSpecs(count: number): SimClusterSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const env = ENVS[i % ENVS.length] ?? 'prod';
    const region = REGIONS[Math.floor(i / ENVS.length) % REGIONS.length] ?? 'eu-west-1';
    return {
      name: `${env}-${region}-${String(i).padStart(2, '0')}`,
      labels: { env, region },
      version: VERSIONS[i % VERSIONS.length] ?? 'v1.30.6',
      nodes: 3,
      podsPerNode: 3,
      notReadyNodes: i % 9 === 4 ? 1 : 0,
      seed: i + 1,
    };
  });
}

/** Starts `count` Prometheus-only simulated clusters and the config that points at them, with `more` config (e.g. `alerts`) beside them. */
export async function startManyClusters(
  count: number,
  interval = '5s',
  more: Record<string, unknown> = {},
): Promise<{ sim: SimFleet; config: Readonly<FleetscopeConfig> }> {
  const sim = await startSimFleet(manyClusterSpecs(count), { prometheusOnly: true, interval });
  const result = validateConfig({ ...sim.configDocument(), ...more });
  if (!result.ok) {
    await sim.close();
    throw new Error(`config of ${count} simulated clusters is invalid: ${result.problems.join('; ')}`);
  }
  return { sim, config: result.config };
}
