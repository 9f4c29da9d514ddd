/**
 * Hygiene report benchmark: BENCH_CLUSTERS clusters, each with every
 * companion of the fixtures (test/fixtures/hygiene) and BENCH_NODES nodes
 * with a pod CIDR each, distinct across the fleet but for two clusters that
 * share one range. Prints the time of the fleet report read afresh (every
 * cluster's checks and the CIDR sweep) and with the per-cluster memo (what
 * the stream and the alert engine pay between scrapes: the CIDR sweep over
 * ranges kept per node list).
 *
 * Env: BENCH_CLUSTERS (100), BENCH_NODES (100), BENCH_ROUNDS (20).
 */
import { performance } from 'node:perf_hooks';
import { createHygieneMemo, fleetHygiene } from '../../server/reports/hygiene';
import { ALL_COMPANIONS, FIXTURE_NOW, hygieneText, inventoryOfText } from '../fixtures/hygiene/load';
import { testSettings } from '../helpers/report-settings';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 100);
const NODES = Number(process.env.BENCH_NODES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

function nodes(cluster: number): string {
  const lines: string[] = [];
  for (let n = 0; n < NODES; n++) {
    // 10.C.N.0/24, except cluster 1's first node, which takes cluster 0's first range.
    const cidr = cluster === 1 && n === 0 ? '10.0.0.0/24' : `10.${cluster}.${n}.0/24`;
    lines.push(`kube_node_info{node="c${cluster}-n${n}",pod_cidr="${cidr}"} 1`);
  }
  return `${lines.join('\n')}\n`;
}

function main(): void {
  const companions = ALL_COMPANIONS.map(hygieneText).join('');
  const inventories = Array.from({ length: CLUSTERS }, (_, c) =>
    inventoryOfText(`c${c}`, companions + nodes(c), hygieneText('etcd.earlier') + hygieneText('istio.earlier')),
  );
  const settings = testSettings();
  const time = (run: () => unknown) => {
    const samples: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now();
      run();
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  };
  const fresh = time(() => fleetHygiene(inventories, FIXTURE_NOW, settings));
  const memo = createHygieneMemo();
  fleetHygiene(inventories, FIXTURE_NOW, settings, memo);
  const kept = time(() => fleetHygiene(inventories, FIXTURE_NOW, settings, memo));
  const report = fleetHygiene(inventories, FIXTURE_NOW, settings);
  const findings = report.clusters.reduce((n, c) => n + c.findings.length, 0);
  console.log(
    `hygiene: ${CLUSTERS} clusters × ${NODES} nodes (${CLUSTERS * NODES} pod CIDRs), ${findings} findings, ${report.fleet.cidrOverlaps.length} overlaps: ` +
      `${fresh.toFixed(1)} ms afresh, ${kept.toFixed(1)} ms with the memo (median of ${ROUNDS})`,
  );
}

main();
