/**
 * The φ-quantile of a histogram given as cumulative bucket counts by upper
 * bound (`le`, +Inf included), as PromQL's histogram_quantile computes it:
 * linear interpolation inside the bucket the rank falls in, the lower bound
 * of the first bucket being 0, and the highest finite bound when the rank
 * falls in +Inf. Null for no observations or no +Inf bucket.
 */
export function histogramQuantile(q: number, buckets: ReadonlyArray<{ le: number; count: number }>): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (!last || last.le !== Infinity || last.count <= 0) return null;
  const rank = q * last.count;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [i, b] of sorted.entries()) {
    if (b.count >= rank) {
      if (b.le === Infinity) return sorted[i - 1]?.le ?? null;
      if (b.count === lowerCount) return b.le;
      return lowerBound + ((b.le - lowerBound) * (rank - lowerCount)) / (b.count - lowerCount);
    }
    lowerBound = b.le;
    lowerCount = b.count;
  }
  return null;
}

/** A bucket bound as written in `le` ("0.001", "+Inf"); null when it is not a number. */
export function bucketBound(le: string | undefined): number | null {
  if (le === undefined) return null;
  if (le === '+Inf') return Infinity;
  const n = Number(le);
  return Number.isFinite(n) ? n : null;
}
