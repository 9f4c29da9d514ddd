/**
 * Would asking /federate for protobuf make fleetscope's scrape cheaper than
 * the text format? (Issue 4: "ask for protobuf if it is measurably faster;
 * otherwise say why not".)
 *
 * One simulated cluster of ~10,000 series answers /federate twice, 1.1 s
 * apart (values and timestamps move, series stay), in text. Each body is
 * converted to the protobuf answer Prometheus gives for the same series
 * (protobuf-federate.ts; byte for byte on a real Prometheus 2.42 answer, see
 * protobuf-federate.test.ts). Then, per sample of the second body: sizes,
 * gzip sizes, gunzip CPU, and the CPU of scanning it as fleetscope does —
 * a full scan, and a scan against the first body's (the steady state:
 * /federate repeats its series) — in text (parse-text.ts) and in protobuf.
 * The same for the recorded Prometheus 2.42 answer (a body of another shape:
 * 2 series per metric name where the simulator has 500), its second scrape
 * made by moving every timestamp 15 s on. One more text row scans the bodies
 * without their `# TYPE` lines: what those lines cost the text scan.
 *
 * CPU is process.cpuUsage (user + system, every thread) around a batch of
 * runs, the median of FMT_REPS batches with the cases interleaved, after
 * warm-up. The ratio line pairs the batches of one round, which ran under
 * the same load; its quartiles show how much the figures move on a shared
 * machine.
 *
 * Env: FMT_SERIES (10000), FMT_REPS (15).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import zlib from 'node:zlib';
import { DEFAULT_SCRAPE_LIMITS } from '../../server/config/schema/prometheus';
import { startSimFleet } from '../../server/simulator/demo';
import { scaleSpecs } from '../../server/simulator/scale';
import { parseExposition } from '../../server/sources/federate/parse-text';
import type { ParsedExposition } from '../../server/sources/federate/scan-types';
import { federateUrl } from '../../server/sources/federate/scrape';
import { measureBatches, median, quantile } from './cpu-batches';
import { encodeFederateProtobuf, protobufSample, scanFederateProtobuf, textSample, type ProtobufScan } from './protobuf-federate';

const SERIES = Number(process.env.FMT_SERIES ?? 10_000);
const REPS = Number(process.env.FMT_REPS ?? 15);
/** Each measured batch runs the case for about this long, so cpuUsage's granularity does not matter. */
const BATCH_MS = 60;
const MATCH = ['{__name__=~".+"}'];

async function fetchTwice(): Promise<[Buffer, Buffer]> {
  const specs = scaleSpecs({ clusters: 1, seriesPerCluster: SERIES, namePrefix: 'bench' });
  const fleet = await startSimFleet(specs, { prometheusOnly: true, scrapeIntervalMs: 1000 });
  try {
    const url = federateUrl(fleet.clusters[0]!.federateUrl, MATCH);
    // fetch() decodes the gzip the simulator sends; sizes and gunzip are measured below on our own gzip.
    const get = async () => Buffer.from(await (await fetch(url, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer());
    const first = await get();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    return [first, await get()];
  } finally {
    // Closed before measuring, so its timers do not share the CPU with what is measured.
    await fleet.close();
  }
}

function text(body: Buffer, previous?: ParsedExposition): ParsedExposition {
  // With the default scrape limits, as every scrape is scanned.
  const result = parseExposition(body, { reservedLabel: 'cluster', previous: previous ?? null, limits: DEFAULT_SCRAPE_LIMITS });
  if (!result.ok) throw new Error(result.message);
  return result.exposition;
}

function protobuf(body: Buffer, previous?: ProtobufScan): ProtobufScan {
  const result = scanFederateProtobuf(body, { reservedLabel: 'cluster', previous: previous ?? null });
  if (!result.ok) throw new Error(result.message);
  return result.scan;
}

/** Both scans read the same samples; throws otherwise (a wrong figure is worse than none). */
function verify(x: ParsedExposition, pb: ProtobufScan, label: string): void {
  if (x.count !== pb.count) throw new Error(`${label}: text has ${x.count} samples, protobuf ${pb.count}`);
  for (let i = 0; i < x.count; i++) {
    const a = textSample(x, i);
    const b = protobufSample(pb, i);
    if (!isDeepStrictEqual(a, b)) throw new Error(`${label}: sample ${i} differs: ${JSON.stringify(a)} / ${JSON.stringify(b)}`);
  }
}

function gunzipper(gz: Buffer, size: number): () => Buffer {
  // One output chunk for the whole body, as a scrape decodes it (decodeBody into a buffer sized from the last answer).
  const chunkSize = Math.ceil((size + 65536) / 65536) * 65536;
  return () => zlib.gunzipSync(gz, { chunkSize });
}

interface Comparison {
  /** Paired per batch: protobuf total / text total in the steady state (gunzip -1 + scan with previous). */
  steadyRatios: number[];
  /** Steady-state text total if the text scan skipped its `# TYPE` lines, over the text total. */
  bareShare: number;
  steadyText: number;
  steadyPb: number;
  samples: number;
}

/** Measures one pair of consecutive text bodies and prints the table. */
function compare(title: string, body1: Buffer, body2: Buffer): Comparison {
  const text1 = text(body1);
  const text2 = text(body2);
  const pb1 = encodeFederateProtobuf(text1);
  const pb2 = encodeFederateProtobuf(text2);
  const scan1 = protobuf(pb1);
  verify(text2, protobuf(pb2), `${title}: second body`);
  verify(text2, protobuf(pb2, scan1), `${title}: second body, with previous`);
  const textRepeated = text(body2, text1).repeated;
  // The same two bodies without their comment lines: what the text scan's per-family `# TYPE` lines cost.
  const bare1 = withoutComments(body1);
  const bare2 = withoutComments(body2);
  const bareText1 = text(bare1);
  const families = text2.families.size;
  const pbRepeated = protobuf(pb2, scan1).repeated;

  const gz = (body: Buffer, level: number) => zlib.gzipSync(body, { level });
  const textGz1 = gz(body2, 1);
  const pbGz1 = gz(pb2, 1);
  const textGz6 = gz(body2, 6);
  const pbGz6 = gz(pb2, 6);

  const { cpu: runs, wall } = measureBatches(REPS, BATCH_MS, {
    textGunzip1: gunzipper(textGz1, body2.length),
    pbGunzip1: gunzipper(pbGz1, pb2.length),
    textGunzip6: gunzipper(textGz6, body2.length),
    pbGunzip6: gunzipper(pbGz6, pb2.length),
    textFull: () => text(body2),
    textPrevious: () => text(body2, text1),
    pbFull: () => protobuf(pb2),
    pbPrevious: () => protobuf(pb2, scan1),
    textPreviousBare: () => text(bare2, bareText1),
  });
  const cpu = Object.fromEntries(Object.entries(runs).map(([name, values]) => [name, median(values)]));
  const paired = (r: Record<string, number[]>) =>
    r.pbGunzip1!.map((_, k) => (r.pbGunzip1![k]! + r.pbPrevious![k]!) / (r.textGunzip1![k]! + r.textPrevious![k]!));
  const steadyRatios = paired(runs);
  const wallRatios = paired(wall);

  const n = text2.count;
  const us = (v: number) => (v / n).toFixed(3);
  const bytes = (v: number) => (v / n).toFixed(1);
  const row = (what: string, t: number, p: number, fmt: (v: number) => string) => `| ${what} | ${fmt(t)} | ${fmt(p)} | ${(p / t).toFixed(2)}× |`;
  const steadyText = cpu.textGunzip1! + cpu.textPrevious!;
  const steadyPb = cpu.pbGunzip1! + cpu.pbPrevious!;

  console.log(
    `\n${title}: ${n} samples, ${text2.names.length} names; second body ${body2.length} B text, ${pb2.length} B protobuf; ${countMoved(text1, text2)} samples moved (value or timestamp)`,
  );
  console.log(`scan with previous: ${textRepeated} text lines and ${pbRepeated} protobuf metrics took the shortcut; CPU: medians of ${REPS} batches\n`);
  console.log('| per sample | text | protobuf | protobuf / text |');
  console.log('| --- | --- | --- | --- |');
  console.log(row('body, bytes', body2.length, pb2.length, bytes));
  console.log(row('gzip -1 (as the simulator sends), bytes', textGz1.length, pbGz1.length, bytes));
  console.log(row('gzip -6, bytes', textGz6.length, pbGz6.length, bytes));
  console.log(row('gunzip of gzip -1, CPU µs', cpu.textGunzip1!, cpu.pbGunzip1!, us));
  console.log(row('gunzip of gzip -6, CPU µs', cpu.textGunzip6!, cpu.pbGunzip6!, us));
  console.log(row('scan, full, CPU µs', cpu.textFull!, cpu.pbFull!, us));
  console.log(row('scan with the previous scrape, CPU µs', cpu.textPrevious!, cpu.pbPrevious!, us));
  console.log(`| scan with the previous scrape, text without its ${families} \`# TYPE\` lines, CPU µs | ${us(cpu.textPreviousBare!)} | | |`);
  console.log(row('**total, steady state** (gunzip -1 + scan with previous), CPU µs', steadyText, steadyPb, us));
  console.log(row('total, first scrape (gunzip -1 + full scan), CPU µs', cpu.textGunzip1! + cpu.textFull!, cpu.pbGunzip1! + cpu.pbFull!, us));
  console.log(
    `steady state protobuf / text, paired per batch: median ${median(steadyRatios).toFixed(2)}×, quartiles ${quantile(steadyRatios, 0.25).toFixed(2)}–${quantile(steadyRatios, 0.75).toFixed(2)}× (by wall time of the main thread: median ${median(wallRatios).toFixed(2)}×)`,
  );
  return { steadyRatios, steadyText, steadyPb, samples: n, bareShare: (cpu.textGunzip1! + cpu.textPreviousBare!) / steadyText };
}

function withoutComments(body: Buffer): Buffer {
  return Buffer.from(
    body
      .toString('utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n'),
    'utf8',
  );
}

/** The recorded Prometheus 2.42 answer, and the same with every timestamp 15 s later (its next scrape, values aside). */
function recordedPair(): [Buffer, Buffer] {
  const body = readFileSync(path.join(import.meta.dirname, '../fixtures/prometheus/prometheus-2.42-federate.txt'));
  const later = body.toString('utf8').replace(/ (\d+)$/gm, (_m, ts: string) => ` ${Number(ts) + 15_000}`);
  return [body, Buffer.from(later, 'utf8')];
}

async function main(): Promise<void> {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores; Node ${process.version}`,
  );
  const [body1, body2] = await fetchTwice();
  const sim = compare('simulated cluster (/federate 1.1 s apart)', body1, body2);
  const [rec1, rec2] = recordedPair();
  const recorded = compare('recorded Prometheus 2.42 /federate (second body: timestamps +15 s)', rec1, rec2);

  const verdict = (title: string, c: Comparison) => {
    const ratio = median(c.steadyRatios);
    const less = (1 - ratio) * 100;
    const us = (v: number) => (v / c.samples).toFixed(3);
    return (
      `${title}: ${less > 15 ? 'YES' : 'NO'}, protobuf ${us(c.steadyPb)} against text ${us(c.steadyText)} µs/sample, ${ratio.toFixed(2)}× ` +
      `(${less >= 0 ? `${less.toFixed(0)} % less` : `${(-less).toFixed(0)} % more`} CPU); text without its # TYPE lines: ${c.bareShare.toFixed(2)}× text`
    );
  };
  console.log('\nverdict: is protobuf measurably faster (> 15 % less CPU per sample, steady state: gunzip + scan with previous)?');
  console.log(`- ${verdict('simulated cluster', sim)}`);
  console.log(`- ${verdict('recorded Prometheus 2.42 answer', recorded)}`);
}

/** Samples of `b` whose series is in `a` with another value or timestamp. */
function countMoved(a: ParsedExposition, b: ParsedExposition): number {
  const before = new Map<string, string>();
  for (let i = 0; i < a.count; i++) {
    const s = textSample(a, i);
    before.set(`${s.name}${JSON.stringify(s.labels)}`, `${s.value} ${s.timestampMs}`);
  }
  let moved = 0;
  for (let i = 0; i < b.count; i++) {
    const s = textSample(b, i);
    const was = before.get(`${s.name}${JSON.stringify(s.labels)}`);
    if (was !== undefined && was !== `${s.value} ${s.timestampMs}`) moved++;
  }
  return moved;
}

await main();
