/**
 * The long fuzz run of the text-format scan: the properties of the test
 * beside the parser (server/sources/federate/parse-text.fuzz.test.ts; what
 * they generate and check is in test/helpers/exposition-fuzz.ts), on larger
 * bodies, for as long as asked. Prints inputs per second and the outcomes:
 * crashes (the scan threw), hangs (an input took more than a second) and
 * wrong answers (a property did not hold), each with what replays it.
 *
 * Env: FUZZ_SECONDS (60), FUZZ_SEED (default: from the clock, printed),
 * FUZZ_LINES (most lines per body, 200), FUZZ_BATCH (inputs drawn per seed
 * and property, 100). FUZZ_REPLAY=property:seed:index runs one input again
 * and prints it.
 */
import { availableParallelism, loadavg } from 'node:os';
import { fuzzCases, HANG_MS } from '../helpers/exposition-fuzz';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
const LINES = Number(process.env.FUZZ_LINES ?? 200);
const BATCH = Number(process.env.FUZZ_BATCH ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_000);
const REPLAY = process.env.FUZZ_REPLAY;

interface Failure {
  property: string;
  seed: number;
  index: number;
  outcome: 'crash' | 'hang' | 'wrong';
  what: string;
}

const cases = fuzzCases(LINES);

function replay(spec: string): void {
  const [name, seed, index] = spec.split(':');
  const property = cases.find((c) => c.name === name);
  if (!property || seed === undefined || index === undefined)
    throw new Error(`FUZZ_REPLAY=property:seed:index, property one of ${cases.map((c) => c.name).join(', ')}`);
  const input = property.draw(Number(seed), Number(index) + 1)[Number(index)]!;
  console.log(JSON.stringify(input.input, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2));
  console.log(`\n${input.check() ?? 'holds'}`);
}

function run(): void {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores; Node ${process.version}`,
  );
  console.log(`seed ${SEED}, ${SECONDS} s, bodies of up to ${LINES} lines, ${BATCH} inputs per seed and property\n`);
  const failures: Failure[] = [];
  const stats = new Map(cases.map((c) => [c.name, { inputs: 0, checkMs: 0, slowestMs: 0 }]));
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  for (let round = 0; performance.now() < deadline; round++) {
    const seed = SEED + round;
    for (const property of cases) {
      const stat = stats.get(property.name)!;
      property.draw(seed, BATCH).forEach((input, index) => {
        const t0 = performance.now();
        let problem: string | null;
        let crashed = false;
        try {
          problem = input.check();
        } catch (error) {
          crashed = true;
          problem = error instanceof Error ? (error.stack ?? error.message) : String(error);
        }
        const ms = performance.now() - t0;
        stat.inputs++;
        stat.checkMs += ms;
        stat.slowestMs = Math.max(stat.slowestMs, ms);
        const outcome = crashed ? 'crash' : ms > HANG_MS ? 'hang' : problem !== null ? 'wrong' : null;
        if (outcome) failures.push({ property: property.name, seed, index, outcome, what: problem ?? `took ${ms.toFixed(0)} ms` });
      });
    }
  }
  const wallS = (performance.now() - started) / 1000;
  const inputs = [...stats.values()].reduce((n, s) => n + s.inputs, 0);
  console.log('| property | inputs | inputs / s (checks only) | slowest input | crashes | hangs | wrong |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, s] of stats) {
    const count = (outcome: Failure['outcome']) => failures.filter((f) => f.property === name && f.outcome === outcome).length;
    console.log(
      `| ${name} | ${s.inputs} | ${((s.inputs * 1000) / s.checkMs).toFixed(0)} | ${s.slowestMs.toFixed(1)} ms | ${count('crash')} | ${count('hang')} | ${count('wrong')} |`,
    );
  }
  const total = (outcome: Failure['outcome']) => failures.filter((f) => f.outcome === outcome).length;
  console.log(`| all | ${inputs} | ${(inputs / wallS).toFixed(0)} (wall, generation included) | | ${total('crash')} | ${total('hang')} | ${total('wrong')} |`);
  for (const f of failures.slice(0, 20))
    console.log(`\n${f.outcome}: FUZZ_LINES=${LINES} FUZZ_REPLAY=${f.property}:${f.seed}:${f.index} npm run bench -- fuzz\n${f.what.slice(0, 2000)}`);
  if (failures.length > 20) console.log(`\n… and ${failures.length - 20} more`);
}

if (REPLAY) replay(REPLAY);
else run();
