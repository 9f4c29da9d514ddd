import type { ScanState } from './scan-state';
import type { ParsedExposition, ScanStorage } from './scan-types';

/**
 * A finished scan as its result: the arrays cut to the lines kept, each
 * name's lines, and which names did not change since the previous scan. The
 * arrays are left in `storage` (when given) for the scan after the next.
 */
export function scanResult(s: ScanState, storage: ScanStorage | undefined): ParsedExposition {
  const count = s.count;
  const byName = groupByName(s, storage);
  if (storage !== undefined) {
    storage.ints = {
      starts: s.starts,
      labelsEnd: s.labelsEnd,
      ends: s.ends,
      reservedAt: s.reservedAt,
      nameOf: s.nameOf,
      previousLine: s.previousLine,
      valueEnd: s.valueEnd,
      order: byName.order,
      positionInName: byName.positions,
    };
    storage.flags = s.flags;
  }
  return {
    body: s.body,
    count,
    starts: s.starts.subarray(0, count),
    labelsEnd: s.labelsEnd.subarray(0, count),
    ends: s.ends.subarray(0, count),
    flags: s.flags.subarray(0, count),
    reservedAt: s.reservedAt.subarray(0, count),
    byName: byName.lists,
    positionInName: byName.positions.subarray(0, count),
    nameOf: s.nameOf.subarray(0, count),
    names: s.names,
    repeated: s.repeated,
    previousLine: s.previousLine.subarray(0, count),
    valueEnd: s.valueEnd.subarray(0, count),
    unchanged: Uint8Array.from(s.names, (name, k) => {
      const lines = s.counts[k]!;
      return s.sameValue[k] === lines && s.previous?.byName.get(name)?.length === lines ? 1 : 0;
    }),
    duplicates: s.duplicates,
    families: s.families,
    comments: s.comments,
  };
}

/**
 * Each name's sample indices in body order: views of one array of all the
 * indices grouped by name (a counting sort over nameOf), reused from the
 * storage when it is long enough.
 */
function groupByName(s: ScanState, storage: ScanStorage | undefined): { order: Int32Array; positions: Int32Array; lists: Map<string, Int32Array> } {
  const count = s.count;
  const nameOf = s.nameOf;
  const order = intArray(s, storage?.ints.order);
  const positions = intArray(s, storage?.ints.positionInName);
  const starts: number[] = [];
  let at = 0;
  for (const n of s.counts) {
    starts.push(at);
    at += n;
  }
  const next = [...starts];
  const lists = new Map<string, Int32Array>();
  s.names.forEach((name, k) => lists.set(name, order.subarray(starts[k], starts[k]! + s.counts[k]!)));
  for (let i = 0; i < count; i++) {
    const k = nameOf[i]!;
    positions[i] = next[k]! - starts[k]!;
    order[next[k]!++] = i;
  }
  return { order, positions, lists };
}

/** `reuse` when it holds every sample of this scan, else a new array. */
function intArray(s: ScanState, reuse: Int32Array | undefined): Int32Array {
  return reuse !== undefined && reuse.length >= s.count ? reuse : new Int32Array(s.starts.length);
}
