import type { SimCluster } from '../cluster-server';
import { createRandom, hashSeed } from '../random';
import { SCENARIOS } from './catalog';

/** A request to run one scenario on one cluster. */
export interface ScenarioRequest {
  scenario: string;
  cluster: string;
  params?: Record<string, string | number>;
  /** Same seed, same choices (which nodes, which pods). Default 1. */
  seed?: number;
}

export interface RunningScenario extends Required<ScenarioRequest> {
  id: string;
  startedAt: string;
}

export type StartResult = { ok: true; running: RunningScenario } | { ok: false; message: string };

/**
 * Starts and stops scenarios on the clusters of a fleet. Deterministic: the
 * same request with the same seed touches the same nodes and pods.
 */
export class ScenarioRunner {
  private readonly running = new Map<string, { info: RunningScenario; stop: () => void | Promise<void>; timers: NodeJS.Timeout[] }>();
  private sequence = 0;

  constructor(private readonly clusters: readonly SimCluster[]) {}

  start(request: ScenarioRequest): StartResult {
    const scenario = SCENARIOS.get(request.scenario);
    if (!scenario) return { ok: false, message: `unknown scenario "${request.scenario}" (known: ${[...SCENARIOS.keys()].join(', ')})` };
    const cluster = this.clusters.find((c) => c.name === request.cluster);
    if (!cluster) return { ok: false, message: `unknown cluster "${request.cluster}" (known: ${this.clusters.map((c) => c.name).join(', ')})` };
    const seed = request.seed ?? 1;
    const params = { ...scenario.params, ...request.params };
    const timers: NodeJS.Timeout[] = [];
    const stop = scenario.start({
      cluster,
      params,
      random: createRandom(hashSeed(`${request.scenario}/${request.cluster}/${seed}`)),
      every(ms, step) {
        const timer = setInterval(step, Math.max(100, ms));
        timer.unref();
        timers.push(timer);
      },
    });
    const info: RunningScenario = {
      id: `${request.scenario}-${request.cluster}-${++this.sequence}`,
      scenario: request.scenario,
      cluster: request.cluster,
      params,
      seed,
      startedAt: new Date().toISOString(),
    };
    this.running.set(info.id, { info, stop, timers });
    return { ok: true, running: info };
  }

  /** Stops a running scenario and undoes it; false when no such id. */
  async stop(id: string): Promise<boolean> {
    const entry = this.running.get(id);
    if (!entry) return false;
    this.running.delete(id);
    for (const timer of entry.timers) clearInterval(timer);
    await entry.stop();
    return true;
  }

  list(): RunningScenario[] {
    return [...this.running.values()].map((r) => r.info);
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.running.keys()].reverse()) await this.stop(id);
  }
}

/** Parses `name@cluster[:key=value,…]` (the demo's --scenario flag and FLEETSCOPE_DEMO_SCENARIOS, comma-free per item, `;`-separated). */
export function parseScenarioFlag(text: string): { ok: true; request: ScenarioRequest } | { ok: false; message: string } {
  const m = /^([a-z-]+)@([a-z0-9][-a-z0-9_.]*)(?::(.*))?$/.exec(text.trim());
  if (!m) return { ok: false, message: `"${text}": expected SCENARIO@CLUSTER or SCENARIO@CLUSTER:key=value,key=value` };
  const params: Record<string, string | number> = {};
  for (const pair of (m[3] ?? '').split(',').filter(Boolean)) {
    const [key, value] = pair.split('=');
    if (!key || value === undefined) return { ok: false, message: `"${text}": parameter "${pair}" is not key=value` };
    params[key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return { ok: true, request: { scenario: m[1]!, cluster: m[2]!, params } };
}

/** Parses a `;`-separated list of SCENARIO@CLUSTER[:key=value,…] (or `none`); every bad item is named. */
export function parseScenarioList(text: string): { ok: true; requests: ScenarioRequest[] } | { ok: false; problems: string[] } {
  if (text.trim() === 'none') return { ok: true, requests: [] };
  const requests: ScenarioRequest[] = [];
  const problems: string[] = [];
  for (const item of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = parseScenarioFlag(item);
    if (!parsed.ok) problems.push(parsed.message);
    else if (!SCENARIOS.has(parsed.request.scenario))
      problems.push(`"${item}": unknown scenario "${parsed.request.scenario}" (known: ${[...SCENARIOS.keys()].join(', ')})`);
    else requests.push(parsed.request);
  }
  return problems.length ? { ok: false, problems } : { ok: true, requests };
}
