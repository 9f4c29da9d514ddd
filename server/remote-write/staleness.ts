import type { Labels, Sample, ScrapedSeries } from '../fleet/series';

/**
 * Prometheus' staleness marker: the NaN with bit pattern 0x7ff0000000000002
 * (model/value.StaleNaN), which a receiver reads as "this series ended here".
 */
export const STALE_NAN: number = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0]!;

const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);

/** Whether `value` is the staleness marker, bit for bit (every other NaN is a plain NaN). */
export function isStaleNaN(value: number): boolean {
  // A store into a typed array keeps a NaN's bits; an array literal (new Float64Array([value])) would quieten it.
  scratch[0] = value;
  return scratchBits[0] === 0x7ff0000000000002n;
}

/** A series' identity within one metric name: its labels, sorted. */
function keyOf(labels: Labels): string {
  let key = '';
  for (const name of Object.keys(labels).sort()) key += `${name}\u0000${labels[name]}\u0000`;
  return key;
}

/**
 * The series of `previous` that `next` no longer has, one sample each (the
 * last one seen). A name whose version did not change has the same series,
 * and a series whose line repeated shares its labels object across the two
 * scrapes, so only the rest is compared by label text. Pure.
 */
export function vanishedSeries(previous: ScrapedSeries, next: ScrapedSeries): Sample[] {
  const out: Sample[] = [];
  for (const name of previous.names()) {
    const before = previous.get(name) ?? [];
    if (!next.has(name)) {
      out.push(...before);
      continue;
    }
    if (previous.version(name) === next.version(name)) continue;
    const after = next.get(name) ?? [];
    const same = new Set<Labels>();
    for (const s of after) same.add(s.labels);
    const unmatched = before.filter((s) => !same.has(s.labels));
    if (unmatched.length === 0) continue;
    const keys = new Set<string>();
    for (const s of after) keys.add(keyOf(s.labels));
    for (const s of unmatched) if (!keys.has(keyOf(s.labels))) out.push(s);
  }
  return out;
}

/**
 * A staleness marker for each series of `samples`, at `atMs`, or just after
 * the series' last sample when that is later (a cluster's clock ahead of
 * fleetscope's must not make the marker out of order).
 */
export function staleMarkers(samples: readonly Sample[], atMs: number): Sample[] {
  return samples.map((s) => ({ name: s.name, labels: s.labels, value: STALE_NAN, timestampMs: Math.max(atMs, (s.timestampMs ?? 0) + 1) }));
}
