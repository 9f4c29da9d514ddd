/**
 * What a label matcher costs per value, by engine: the hot path of
 * `/federate?match[]=…` (a matcher per series written), of the silences and
 * of the routing tree. Issue 16 moved every user's and cluster's regex to RE2
 * semantics; this is the figure the engine was chosen by.
 *
 * The values are those of one simulated cluster's /federate body of about
 * BENCH_SERIES series (kube-state-metrics and cAdvisor names and labels, as
 * fleetscope scrapes them): each matcher is tested against its label's value
 * on every series ("" where the series has no such label, as Prometheus
 * reads an absent label). Engines:
 * - `js RegExp`: the engine used before (`new RegExp('^(?:…)$', 'su')`);
 *   backtracking, so the catastrophic pattern is not run on it (it would not
 *   end), and `(?i)` is written as the `i` flag (JavaScript has no inline flags).
 * - `re2 (native)`: the `re2` binding (Google's RE2 in C++), when it is
 *   installed; it is not a dependency (see docs/performance.md): install it
 *   beside with `npm install --no-save re2@1.24.1` to measure it.
 * - `re2js`: RE2 ported to JavaScript, `matches()` (a whole-value match).
 * - `fleetscope`: shared/regex.ts as the server and the browser run it:
 *   re2js, with the common shapes of pattern answered by string comparisons.
 *
 * Figures: CPU ns per value, the median of BENCH_REPS interleaved batches
 * (cpu-batches.ts), and how many values matched (the engines must agree).
 *
 * Env: BENCH_SERIES (10000), BENCH_REPS (9).
 */
import { createRequire } from 'node:module';
import { RE2JS } from 're2js';
import { compileRegex } from '../../shared/regex';
import { startSimFleet } from '../../server/simulator/demo';
import { scaleSpecs } from '../../server/simulator/scale';
import { federateUrl } from '../../server/sources/federate/scrape';
import { scrapeOfText } from '../helpers/scrape';
import { measureBatches, median } from './cpu-batches';

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const REPS = Number(process.env.BENCH_REPS ?? 9);
const BATCH_MS = 40;

interface Case {
  readonly label: string;
  readonly pattern: string;
  /** The same pattern for JavaScript's engine (flags, not inline), or null when it must not run there. */
  readonly js: { source: string; flags: string } | null;
}

const CASES: readonly Case[] = [
  { label: 'pod', pattern: 'payments-.*', js: { source: 'payments-.*', flags: '' } },
  { label: 'namespace', pattern: 'payments|checkout', js: { source: 'payments|checkout', flags: '' } },
  { label: 'pod', pattern: '.*-api-.*', js: { source: '.*-api-.*', flags: '' } },
  { label: 'alertname', pattern: '.+', js: { source: '.+', flags: '' } },
  { label: 'container', pattern: '.+', js: { source: '.+', flags: '' } },
  { label: 'pod', pattern: '(?i)PAYMENTS-API-.*', js: { source: 'PAYMENTS-API-.*', flags: 'i' } },
  { label: 'pod', pattern: '[a-z]+-(api|web)-[0-9a-z]{10}-[0-9a-z]{5}', js: { source: '[a-z]+-(api|web)-[0-9a-z]{10}-[0-9a-z]{5}', flags: '' } },
  { label: 'pod', pattern: '(.*.*)*x', js: null },
];

/** The label values of one simulated cluster's /federate body: one entry per series and label asked for. */
async function labelValues(labels: readonly string[]): Promise<Map<string, string[]>> {
  const specs = scaleSpecs({ clusters: 1, seriesPerCluster: SERIES, namePrefix: 'bench' });
  const fleet = await startSimFleet(specs, { prometheusOnly: true, scrapeIntervalMs: 60_000 });
  let text: string;
  try {
    text = await (await fetch(federateUrl(fleet.clusters[0]!.federateUrl, ['{__name__=~".+"}']))).text();
  } finally {
    await fleet.close();
  }
  const scrape = scrapeOfText(text, { cluster: 'bench' });
  const values = new Map<string, string[]>(labels.map((l) => [l, []]));
  for (const name of scrape.names()) for (const sample of scrape.get(name) ?? []) for (const [label, list] of values) list.push(sample.labels[label] ?? '');
  return values;
}

type Tester = (value: string) => boolean;

/** The native binding, when installed (it is not a dependency); its constructor compiles with RE2's syntax. */
function nativeRe2(): ((source: string) => Tester) | null {
  let RE2;
  try {
    RE2 = createRequire(import.meta.url)('re2');
  } catch {
    return null;
  }
  return (source) => {
    const re = new RE2(`^(?:${source})$`, 'su');
    return (value) => re.test(value) === true;
  };
}

function countMatches(values: readonly string[], test: Tester): number {
  let hits = 0;
  for (const v of values) if (test(v)) hits++;
  return hits;
}

async function main(): Promise<void> {
  const values = await labelValues([...new Set(CASES.map((c) => c.label))]);
  const native = nativeRe2();
  const count = values.get('pod')!.length;
  console.log(`${count} series of one simulated cluster; CPU ns per value, median of ${REPS} batches; matched: values the matcher accepted`);
  if (!native) console.log('re2 (native) not installed: its column is empty (npm install --no-save re2@1.24.1 to measure it)');
  console.log('\n| matcher | js RegExp (before) | re2 (native) | re2js | fleetscope (re2js + shapes) | matched |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const c of CASES) {
    const list = values.get(c.label)!;
    const compiled = compileRegex(c.pattern, { dotAll: true });
    if (!compiled.ok) throw new Error(compiled.reason);
    const engines: Record<string, Tester> = {};
    if (c.js) {
      const js = new RegExp(`^(?:${c.js.source})$`, `su${c.js.flags}`);
      engines.js = (v) => js.test(v);
    }
    if (native) engines.re2 = native(c.pattern);
    const re2js = RE2JS.compile(c.pattern, RE2JS.DOTALL);
    engines.re2js = (v) => re2js.matches(v);
    engines.fleetscope = (v) => compiled.regex.test(v);

    const hits = new Set(Object.values(engines).map((test) => countMatches(list, test)));
    if (hits.size !== 1) throw new Error(`${c.label}=~"${c.pattern}": the engines disagree (${[...hits].join(' vs ')} matches)`);
    const cases = Object.fromEntries(Object.entries(engines).map(([name, test]) => [name, () => countMatches(list, test)]));
    const { cpu } = measureBatches(REPS, BATCH_MS, cases);
    const ns = (name: string) => (cpu[name] ? ((median(cpu[name]) * 1000) / list.length).toFixed(1) : '—');
    // A | inside a table cell must be escaped, even in code.
    console.log(
      `| \`${c.label}=~"${c.pattern.replaceAll('|', '\\|')}"\` | ${ns('js')} | ${ns('re2')} | ${ns('re2js')} | ${ns('fleetscope')} | ${[...hits][0]} |`,
    );
  }
}

await main();
