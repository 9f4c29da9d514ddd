/**
 * Which encoding should a scrape ask /federate for? Prometheus answers gzip
 * or deflate, whichever the client lists first. Both compress the same
 * way; they differ in the check of the decoded bytes: gzip's CRC-32 against
 * deflate's (zlib's) Adler-32.
 *
 * One simulated cluster of ~10,000 series answers /federate once, plain.
 * The body is compressed both ways at levels 1 (the simulator's) and 6
 * (Go's default, a real Prometheus'), then decoded as a scrape decodes it
 * (decodeBody, into a buffer of its own). Printed: CPU per MB of decoded
 * body and per sample, the median of DEC_REPS batches with the cases
 * interleaved, after warm-up (see cpu-batches.ts), and the ratio
 * deflate / gzip.
 *
 * Env: DEC_SERIES (10000), DEC_REPS (15).
 */
import zlib from 'node:zlib';
import { startSimFleet } from '../../server/simulator/demo';
import { scaleSpecs } from '../../server/simulator/scale';
import { decodeBody, type BodyEncoding } from '../../server/sources/decode-body';
import { federateUrl } from '../../server/sources/federate/scrape';
import { measureBatches, median, quantile } from './cpu-batches';

const SERIES = Number(process.env.DEC_SERIES ?? 10_000);
const REPS = Number(process.env.DEC_REPS ?? 15);
/** Each measured batch runs the case for about this long, so cpuUsage's granularity does not matter. */
const BATCH_MS = 60;

async function federateBody(): Promise<Buffer> {
  const fleet = await startSimFleet(scaleSpecs({ clusters: 1, seriesPerCluster: SERIES, namePrefix: 'bench' }), {
    prometheusOnly: true,
    scrapeIntervalMs: 1000,
  });
  try {
    const url = federateUrl(fleet.clusters[0]!.federateUrl, ['{__name__=~".+"}']);
    return Buffer.from(await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
  } finally {
    await fleet.close();
  }
}

async function main(): Promise<void> {
  const body = await federateBody();
  const samples = body
    .toString('latin1')
    .split('\n')
    .filter((line) => line && !line.startsWith('#')).length;
  console.log(`/federate body: ${(body.length / 1e6).toFixed(2)} MB, ${samples} samples; median of ${REPS} batches`);
  const into = Buffer.allocUnsafeSlow(body.length + 64 * 1024);
  const cases: Array<{ name: string; level: number; encoding: BodyEncoding; input: Buffer }> = [];
  for (const level of [1, 6])
    for (const encoding of ['gzip', 'deflate'] as const) {
      const input = encoding === 'gzip' ? zlib.gzipSync(body, { level }) : zlib.deflateSync(body, { level });
      if (!decodeBody(encoding, input, 64 * 1024 * 1024, into).equals(body)) throw new Error(`${encoding} -${level} does not decode to the body`);
      cases.push({ name: `${encoding} -${level}`, level, encoding, input });
    }
  const { cpu } = measureBatches(REPS, BATCH_MS, Object.fromEntries(cases.map((c) => [c.name, () => decodeBody(c.encoding, c.input, 64 * 1024 * 1024, into)])));

  console.log('| level | encoding | compressed | CPU ms / MB decoded | CPU µs / sample |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const us = median(cpu[c.name]!);
    console.log(
      `| ${c.level} | ${c.encoding} | ${(c.input.length / 1e3).toFixed(0)} kB | ${(us / 1000 / (body.length / 1e6)).toFixed(3)} | ${(us / samples).toFixed(3)} |`,
    );
  }
  for (const level of [1, 6]) {
    // Per round: the two cases ran next to each other, under the same load.
    const gzip = cpu[`gzip -${level}`]!;
    const ratios = cpu[`deflate -${level}`]!.map((d, r) => d / gzip[r]!);
    console.log(
      `level ${level}: deflate / gzip ${median(ratios).toFixed(2)}× (quartiles ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)})`,
    );
  }
}

await main();
