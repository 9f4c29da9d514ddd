import type { PriceProfile } from '../config/schema/reports';
import { labelsMatch } from './inputs';

/** Hourly unit prices that apply to one node. */
export interface UnitPrices {
  cpuCoreHour: number;
  memoryGiBHour: number;
  gpuHour: number;
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
