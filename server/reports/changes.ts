import type { FleetEvent } from '../../shared/events';
import type { FleetChange, FleetChanges } from '../../shared/reports/changes';
import type { ClusterInventory } from '../inventory/types';
import type { StatusTransition } from '../store/types';
import { apiServerVersions } from './api-server-version';
import { DEFAULT_BURST_SETTINGS, eventBursts, type BurstSettings } from './event-bursts';

/** What of a cluster the timeline compares from one look to the next: its API server versions and each workload container's images. */
export interface ClusterFacts {
  cluster: string;
  /** Distinct kube-apiserver versions, sorted; empty when unknown. */
  apiServer: string[];
  /** namespace/workload/container → the images it runs, sorted; empty when the cluster's images are not federated. */
  images: ReadonlyMap<string, readonly string[]>;
}

export interface ChangesSettings {
  /** How far back the timeline looks. */
  windowMs: number;
  /** Most changes in the report. */
  max: number;
  bursts: BurstSettings;
}

export const DEFAULT_CHANGES_SETTINGS: ChangesSettings = { windowMs: 24 * 3_600_000, max: 50, bursts: DEFAULT_BURST_SETTINGS };

/** The facts of one cluster's inventory that the timeline follows. */
export function clusterFacts(inventory: ClusterInventory): ClusterFacts {
  const apiServer = [...new Set(apiServerVersions(inventory).apiServers.map((a) => a.version.raw))].sort();
  const images = new Map<string, string[]>();
  for (const c of inventory.images) {
    const key = `${c.namespace}/${c.workload}/${c.container}`;
    const list = images.get(key) ?? [];
    if (!list.includes(c.image)) list.push(c.image);
    images.set(key, list);
  }
  for (const list of images.values()) list.sort();
  return { cluster: inventory.cluster, apiServer, images };
}

/** The tag (or digest) of an image reference, else the reference itself. */
function tagOf(image: string): string {
  const at = image.indexOf('@');
  if (at !== -1) return image.slice(at + 1, at + 20);
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : image;
}

/**
 * What changed between two looks at a cluster: a new set of API server
 * versions, a new image in a workload's container. What the later look does
 * not know (no version, no images) is no change. Pure.
 */
export function factChanges(before: ClusterFacts, after: ClusterFacts, at: number): FleetChange[] {
  const changes: FleetChange[] = [];
  const cluster = after.cluster;
  if (before.apiServer.length > 0 && after.apiServer.length > 0 && before.apiServer.join() !== after.apiServer.join())
    changes.push({ kind: 'version', at, cluster, text: `kube-apiserver ${before.apiServer.join(', ')} → ${after.apiServer.join(', ')}` });
  if (before.images.size > 0 && after.images.size > 0) {
    for (const [key, images] of after.images) {
      const previous = before.images.get(key);
      if (!previous) continue;
      const added = images.filter((i) => !previous.includes(i));
      if (added.length === 0) continue;
      const [namespace, workload, container] = key.split('/');
      const name = container === workload ? `${namespace}/${workload}` : `${namespace}/${workload} (${container})`;
      changes.push({ kind: 'image', at, cluster, text: `${name}: new image ${added.map(tagOf).join(', ')} (was ${previous.map(tagOf).join(', ')})` });
    }
  }
  return changes;
}

/** A status transition in words: "healthy → degraded: 2 of 10 nodes NotReady". */
function transitionText(t: StatusTransition): string {
  return `${t.from ?? 'unknown'} → ${t.to}${t.reason ? `: ${t.reason}` : ''}`;
}

export interface ChangesInput {
  /** Status transitions of every cluster (a cluster's first status, from nothing, is no change). */
  transitions: readonly StatusTransition[];
  /** Recent events of the fleet: their warning bursts are changes. */
  events: readonly FleetEvent[];
  /** Version and image changes seen so far (factChanges over time). */
  observed: readonly FleetChange[];
}

/**
 * The fleet's "what changed" timeline: status transitions, bursts of warning
 * events, control-plane version changes and new images of workloads within
 * the window, newest first, at most `max`. Pure.
 */
export function fleetChanges(input: ChangesInput, now: number, settings: ChangesSettings = DEFAULT_CHANGES_SETTINGS): FleetChanges {
  const start = now - settings.windowMs;
  const changes: FleetChange[] = [];
  for (const t of input.transitions)
    if (t.from !== null && t.at >= start && t.at <= now) changes.push({ kind: 'status', at: t.at, cluster: t.cluster, text: transitionText(t), status: t.to });
  const warnings = input.events.filter((e) => e.type === 'Warning');
  for (const b of eventBursts(warnings, now, settings.bursts)) changes.push({ kind: 'burst', at: b.lastSeen, cluster: b.cluster, text: b.summary });
  for (const c of input.observed) if (c.at >= start && c.at <= now) changes.push(c);
  changes.sort((a, b) => b.at - a.at || a.cluster.localeCompare(b.cluster) || a.text.localeCompare(b.text));
  return { generatedAt: now, windowMs: settings.windowMs, changes: changes.slice(0, settings.max) };
}
