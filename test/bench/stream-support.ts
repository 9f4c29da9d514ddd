/** Small helpers shared by the stream and wall benchmarks (not a benchmark itself). */

/** The value at quantile q (0..1) of an ascending list, nearest rank. */
export function percentile(sorted: readonly number[], q: number): number | string {
  if (sorted.length === 0) return 'n/a';
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 'n/a';
}

export function printTable(title: string, rows: ReadonlyArray<readonly [string, string]>): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}
