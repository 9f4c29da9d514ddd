/** The longest tail kept whole when a name is cut: a number or a short segment ("-49", "-eu", "_2"). */
const TAIL_MAX = 4;

/**
 * A cluster's name in the two parts a tile shows it in: `head`, which the
 * tile cuts with an ellipsis when the name does not fit, and `tail`, kept
 * whole after it, so a fleet of prod-eu-west-1, prod-eu-west-2 … reads
 * "prod…-1", "prod…-2" on a dense wall instead of "prod-…" everywhere. The
 * tail is the last segment after `-`, `_` or `.`, with its separator, when
 * it is short; otherwise there is none. Pure.
 */
export function nameParts(name: string): { head: string; tail: string } {
  const cut = Math.max(name.lastIndexOf('-'), name.lastIndexOf('_'), name.lastIndexOf('.'));
  if (cut <= 0 || name.length - cut > TAIL_MAX) return { head: name, tail: '' };
  return { head: name.slice(0, cut), tail: name.slice(cut) };
}
