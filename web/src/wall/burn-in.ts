/**
 * Offsets in px the layout moves through, one step per period: a slow walk
 * around a small square, so no pixel shows the same thing for weeks. Small
 * enough to stay inside the wall's padding.
 */
const STEPS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [2, 1],
  [4, 2],
  [2, 4],
  [0, 3],
  [-2, 4],
  [-4, 2],
  [-2, 0],
  [-3, -2],
  [0, -4],
  [3, -2],
];

/** The offset of step `n` (any integer ≥ 0). */
export function burnInOffset(step: number): { x: number; y: number } {
  const [x, y] = STEPS[step % STEPS.length] ?? [0, 0];
  return { x, y };
}
