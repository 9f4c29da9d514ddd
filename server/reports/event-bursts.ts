import type { EventBurst, FleetEvent } from '../../shared/events';
import { formatDuration } from '../config/duration';

export interface BurstSettings {
  windowMs: number;
  /** Least occurrences in the window for a group to be a burst. */
  minCount: number;
}

export const DEFAULT_BURST_SETTINGS: BurstSettings = { windowMs: 5 * 60_000, minCount: 10 };

/** Occurrences of a merged record that fall inside [start, now], assuming an even rate between first and last seen. */
function countInWindow(event: FleetEvent, start: number): number {
  if (event.lastSeen < start) return 0;
  if (event.firstSeen >= start || event.lastSeen <= event.firstSeen) return event.count;
  return Math.max(1, Math.round((event.count * (event.lastSeen - start)) / (event.lastSeen - event.firstSeen)));
}

function plural(kind: string | null, n: number): string {
  const word = kind ? kind.toLowerCase() : 'object';
  return n === 1 ? word : `${word}s`;
}

/**
 * Groups recent events by cluster, namespace and reason and keeps the groups
 * with at least `minCount` occurrences in the window, biggest first. Pure.
 */
export function eventBursts(events: readonly FleetEvent[], now: number, settings: BurstSettings = DEFAULT_BURST_SETTINGS): EventBurst[] {
  const start = now - settings.windowMs;
  const groups = new Map<string, { events: FleetEvent[]; count: number }>();
  for (const event of events) {
    const inWindow = countInWindow(event, start);
    if (inWindow === 0) continue;
    const key = `${event.cluster}\u0000${event.namespace}\u0000${event.reason}`;
    const group = groups.get(key) ?? { events: [], count: 0 };
    group.events.push(event);
    group.count += inWindow;
    groups.set(key, group);
  }
  const bursts: EventBurst[] = [];
  for (const { events: members, count } of groups.values()) {
    if (count < settings.minCount) continue;
    const first = members[0];
    if (!first) continue;
    const objects = new Set(members.map((e) => `${e.involvedObject.kind}/${e.involvedObject.name}`)).size;
    const kinds = new Set(members.map((e) => e.involvedObject.kind));
    const objectKind = kinds.size === 1 ? first.involvedObject.kind : null;
    bursts.push({
      cluster: first.cluster,
      namespace: first.namespace,
      reason: first.reason,
      type: members.some((e) => e.type === 'Warning') ? 'Warning' : first.type,
      count,
      objects,
      objectKind,
      windowMs: settings.windowMs,
      lastSeen: Math.max(...members.map((e) => e.lastSeen)),
      summary: `${count} ${first.reason} across ${objects} ${plural(objectKind, objects)} in ${first.cluster}/${first.namespace} in ${formatDuration(settings.windowMs)}`,
    });
  }
  return bursts.sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen);
}
