import type { PriceProfile } from '../config/schema/reports';
import { sanitizeLabelName } from '../inventory/metrics';

/** Hourly unit prices that apply to one node. */
export interface UnitPrices {
  cpuCoreHour: number;
  memoryGiBHour: number;
  gpuHour: number;
}

/** Does every `match` entry equal the node's label (by its real or kube-state-metrics' sanitized name)? */
function labelsMatch(match: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(match).every(([k, v]) => (labels[k] ?? labels[sanitizeLabelName(k)]) === v);
}

/** The profile's prices for a node with `labels`: the first matching node rule's overrides, times its factor. */
export function nodeUnitPrices(profile: PriceProfile, labels: Readonly<Record<string, string>> | undefined): UnitPrices {
  const rule = labels ? profile.nodes.find((r) => labelsMatch(r.match, labels)) : undefined;
  const factor = rule?.factor ?? 1;
  return {
    cpuCoreHour: (rule?.cpuCoreHour ?? profile.cpuCoreHour) * factor,
    memoryGiBHour: (rule?.memoryGiBHour ?? profile.memoryGiBHour) * factor,
    gpuHour: (rule?.gpuHour ?? profile.gpuHour) * factor,
  };
}

/** Storage price per GiB-hour (the profile states it per GiB-month of 730 hours). */
export function storageGiBHour(profile: PriceProfile): number {
  return profile.storageGiBMonth / HOURS_PER_MONTH;
}

export const HOURS_PER_DAY = 24;
/** OpenCost's month: 730 hours. */
export const HOURS_PER_MONTH = 730;
export const GIB = 1024 ** 3;
