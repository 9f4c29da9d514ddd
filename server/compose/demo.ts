import { validateConfig } from '../config/load';
import type { FleetscopeConfig } from '../config/schema/root';
import type { Logger } from '../log';
import { startSimFleet, type SimFleet } from '../simulator/demo';
import type { ScenarioRequest } from '../simulator/scenarios/runner';

export interface DemoOptions {
  /** Scrape interval of the demo fleet (default 5s). */
  demoInterval?: string;
  /** Folder for the demo fleet's ca.crt and kubeconfig (default: a temporary folder removed on close). */
  demoDir?: string;
  demoScenarios?: readonly ScenarioRequest[];
  /** Port of the simulator's loopback admin endpoint; absent: none. */
  demoAdminPort?: number;
}

/** Starts the simulated demo fleet and the config that points at it (what `npm start` runs without a config). */
export async function startDemoFleet(options: DemoOptions, logger: Logger): Promise<{ fleet: SimFleet; config: Readonly<FleetscopeConfig> }> {
  const fleet = await startSimFleet(undefined, {
    interval: options.demoInterval ?? '5s',
    dir: options.demoDir,
    scenarios: options.demoScenarios,
    admin: options.demoAdminPort === undefined ? undefined : { port: options.demoAdminPort },
  });
  const result = validateConfig(fleet.configDocument());
  if (!result.ok) {
    await fleet.close();
    throw new Error(`demo fleet config is invalid: ${result.problems.join('; ')}`);
  }
  logger.info({ clusters: fleet.clusters.map((c) => c.name) }, 'no config given: running the simulated demo fleet');
  return { fleet, config: result.config };
}
