/**
 * CPU per call of a few cases, measured in batches: what the micro-benchmarks
 * under test/bench/ share.
 */

/**
 * CPU µs per call of each case, one value per batch: `reps` batches per case
 * of about `batchMs` each, the cases interleaved within each round so they
 * share the machine's load (batch k of one case and of another ran side by
 * side). CPU counts every thread, so the collector's work on the garbage a
 * case makes is included. `wall`: µs per call of the calling thread.
 */
export function measureBatches(
  reps: number,
  batchMs: number,
  cases: Record<string, () => unknown>,
): { cpu: Record<string, number[]>; wall: Record<string, number[]> } {
  const runs: Record<string, number> = {};
  const samples: Record<string, number[]> = {};
  const wall: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(cases)) {
    // Warm-up (JIT), and the batch size from how long one call takes.
    const start = process.hrtime.bigint();
    let n = 0;
    while (n < 5 || process.hrtime.bigint() - start < 200_000_000n) {
      fn();
      n++;
    }
    const perCallMs = Number(process.hrtime.bigint() - start) / 1e6 / n;
    runs[name] = Math.max(1, Math.round(batchMs / perCallMs));
    samples[name] = [];
    wall[name] = [];
  }
  const entries = Object.entries(cases);
  for (let rep = 0; rep < reps; rep++) {
    // Each round starts with another case. No forced collection between batches (one skews what follows it):
    // the garbage a batch leaves is collected during the next, which is small against a batch.
    for (let c = 0; c < entries.length; c++) {
      const [name, fn] = entries[(c + rep) % entries.length]!;
      const times = runs[name]!;
      const before = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (let k = 0; k < times; k++) fn();
      wall[name]!.push(Number(process.hrtime.bigint() - started) / 1e3 / times);
      const used = process.cpuUsage(before);
      samples[name]!.push((used.user + used.system) / times);
    }
  }
  return { cpu: samples, wall };
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);
