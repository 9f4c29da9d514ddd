import { createHash } from 'node:crypto';
import type { LabelSet } from '../../shared/labels';

/** Stable identity of a label set: sha256 of its sorted pairs, first 16 hex digits. */
export function fingerprint(labels: LabelSet): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(labels).sort()) hash.update(`${name}\u0000${labels[name]}\u0000`);
  return hash.digest('hex').slice(0, 16);
}

/** The labels named in `names` (absent ones omitted); `...` means every label, as in Alertmanager. */
export function pickLabels(labels: LabelSet, names: readonly string[]): Record<string, string> {
  if (names.includes('...')) return { ...labels };
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/** Labels (or annotations) every set has with the same value. */
export function commonPairs(sets: readonly LabelSet[]): Record<string, string> {
  const [first, ...rest] = sets;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) if (rest.every((s) => s[name] === value)) out[name] = value;
  return out;
}
