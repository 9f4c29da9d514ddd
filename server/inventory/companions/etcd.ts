import { COMPANION_METRICS as M, ownLabel } from '../metrics';
import type { EtcdMember } from '../types';
import { bucketBound, histogramQuantile } from './histogram';
import { risesSinceEarlier, type CounterInput } from './rise';

const ETCD_INPUTS = [M.etcdHasLeader, M.etcdLeaderChanges, M.etcdDbSize, M.etcdQuota, M.etcdWalFsync] as const;

/** The member: its instance (exported_instance where a cluster Prometheus without honor_labels moved it), else its pod. */
const instanceOf = (labels: Readonly<Record<string, string>>): string => ownLabel(labels, 'instance') || ownLabel(labels, 'pod');

/**
 * etcd's members by instance: leader (etcd_server_has_leader), leader
 * changes (etcd_server_leader_changes_seen_total since the earlier
 * scrape), database size and quota (etcd_mvcc_db_total_size_in_bytes,
 * etcd_server_quota_backend_bytes) and the WAL fsync p99
 * (etcd_disk_wal_fsync_duration_seconds_bucket). Null when none is federated.
 */
export function readEtcd(input: CounterInput): readonly EtcdMember[] | null {
  const { series } = input;
  if (!ETCD_INPUTS.some((m) => series.has(m))) return null;
  const members = new Map<string, { hasLeader: boolean | null; dbBytes: number | null; quotaBytes: number | null }>();
  const member = (instance: string) => {
    let m = members.get(instance);
    if (!m) members.set(instance, (m = { hasLeader: null, dbBytes: null, quotaBytes: null }));
    return m;
  };
  for (const s of series.get(M.etcdHasLeader) ?? []) member(instanceOf(s.labels)).hasLeader = s.value === 1;
  for (const s of series.get(M.etcdDbSize) ?? []) member(instanceOf(s.labels)).dbBytes = s.value;
  for (const s of series.get(M.etcdQuota) ?? []) member(instanceOf(s.labels)).quotaBytes = s.value;
  for (const s of series.get(M.etcdLeaderChanges) ?? []) member(instanceOf(s.labels));
  const changes = risesSinceEarlier(input, M.etcdLeaderChanges, instanceOf);
  const wal = walFsyncP99(input);
  for (const instance of wal.keys()) member(instance);
  return [...members]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([instance, m]) => ({
      instance,
      ...m,
      leaderChanges: changes ? { count: Math.round(changes.rises.get(instance) ?? 0), overMs: changes.overMs } : null,
      walFsyncP99: wal.get(instance) ?? null,
    }));
}

/** Per instance: the p99 over the buckets' rise since the earlier scrape, else over their totals. */
function walFsyncP99(input: CounterInput): Map<string, NonNullable<EtcdMember['walFsyncP99']>> {
  const out = new Map<string, NonNullable<EtcdMember['walFsyncP99']>>();
  const samples = input.series.get(M.etcdWalFsync);
  if (!samples) return out;
  const keyOf = (labels: Readonly<Record<string, string>>) => `${instanceOf(labels)}\u0000${labels.le ?? ''}`;
  const rises = risesSinceEarlier(input, M.etcdWalFsync, keyOf);
  const byInstance = (counts: Iterable<[string, number]>) => {
    const grouped = new Map<string, { le: number; count: number }[]>();
    for (const [key, count] of counts) {
      const [instance = '', le] = key.split('\u0000');
      const bound = bucketBound(le);
      if (bound === null) continue;
      grouped.set(instance, [...(grouped.get(instance) ?? []), { le: bound, count }]);
    }
    return grouped;
  };
  const totals = byInstance(samples.map((s) => [keyOf(s.labels), s.value] as [string, number]));
  const recent = rises ? byInstance(rises.rises) : new Map<string, { le: number; count: number }[]>();
  for (const [instance, buckets] of totals) {
    const fromRecent = recent.has(instance) ? histogramQuantile(0.99, recent.get(instance) ?? []) : null;
    if (fromRecent !== null) out.set(instance, { seconds: fromRecent, basis: 'recent' });
    else {
      const total = histogramQuantile(0.99, buckets);
      if (total !== null) out.set(instance, { seconds: total, basis: 'since start' });
    }
  }
  return out;
}
