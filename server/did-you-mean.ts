/**
 * "did you mean" for a word that is not one of a known set (a flag, a
 * command, a config key, a context): the closest candidate by edit distance
 * (adjacent swaps count as one edit), when it is close enough to be a typo;
 * as kubectl and git suggest. Pure.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/** The candidate `word` was probably meant to be, or null when none is close (at most 2 edits, and fewer than half the word). */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > 2 || distance * 2 >= Math.max(word.length, 2)) continue;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate ?? null;
}

/** ` (did you mean "x"?)` for a message, or nothing; `written` says how a candidate is shown. */
export function didYouMean(word: string, candidates: Iterable<string>, written: (candidate: string) => string = (c) => `"${c}"`): string {
  const match = closest(word, candidates);
  return match === null ? '' : ` (did you mean ${written(match)}?)`;
}
