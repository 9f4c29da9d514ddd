import { useEffect, useState } from 'react';
import type { ClusterDetail } from '../../../shared/cluster-detail';
import { fetchJson } from '../common/fetch-json';
import { isClusterDetail, nodesSource, nodesSummary } from './cluster-detail-model';
import { Skeleton } from './Skeleton';

/** How often the open cluster page asks for its nodes and failing pods again. */
const REFRESH_MS = 10_000;

function useClusterDetail(name: string): { detail: ClusterDetail | null; error: string | null } {
  const [state, setState] = useState<{ name: string; detail: ClusterDetail | null; error: string | null }>({ name, detail: null, error: null });
  useEffect(() => {
    const abort = new AbortController();
    const load = () =>
      void fetchJson(`/api/clusters/${encodeURIComponent(name)}`, isClusterDetail, abort.signal).then((r) => {
        if (abort.signal.aborted) return;
        // A failed refresh keeps the last good tables and says so.
        setState((s) => (r.ok ? { name, detail: r.data, error: null } : { name, detail: s.name === name ? s.detail : null, error: r.message }));
      });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [name]);
  return state.name === name ? state : { detail: null, error: null };
}

/** The cluster's node list and failing pods from GET /api/clusters/NAME, refreshed while open. */
export function ClusterTables({ name }: { name: string }) {
  const { detail, error } = useClusterDetail(name);
  return (
    <>
      {error && (
        <p className="banner">
          {error} — {detail ? 'showing the last nodes and pods received' : 'nodes and failing pods not shown'}.
        </p>
      )}
      {!detail && !error && <Skeleton rows={3} />}
      {detail && (
        <>
          <h2>
            Failing pods <span className="muted">({detail.failingPods.total})</span>
          </h2>
          {detail.failingPods.note && <p className="note">{detail.failingPods.note}</p>}
          {detail.failingPods.items.length === 0 ? (
            detail.failingPods.source && <p className="muted">No pod is waiting, Pending or Failed.</p>
          ) : (
            <table className="grid-table compact" data-testid="failing-pods">
              <thead>
                <tr>
                  <th>namespace</th>
                  <th>pod</th>
                  <th>container</th>
                  <th>reason</th>
                  <th>restarts</th>
                </tr>
              </thead>
              <tbody>
                {detail.failingPods.items.map((p) => (
                  <tr
                    key={`${p.namespace}/${p.pod}/${p.container ?? ''}/${p.reason}`}
                    className={p.reason === 'CrashLoopBackOff' || p.reason === 'Failed' ? 'sev-critical' : 'sev-warning'}
                  >
                    <td>{p.namespace}</td>
                    <td>{p.pod}</td>
                    <td>{p.container ?? '—'}</td>
                    <td>{p.reason}</td>
                    <td>{p.restarts ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {detail.failingPods.total > detail.failingPods.items.length && (
            <p className="muted">
              Showing the first {detail.failingPods.items.length} of {detail.failingPods.total}.
            </p>
          )}

          <h2>
            Nodes{' '}
            <span className="muted">
              ({nodesSummary(detail)}, {nodesSource(detail)})
            </span>
          </h2>
          {detail.nodes.note && <p className="note">{detail.nodes.note}</p>}
          {detail.nodes.items.length > 0 && (
            <table className="grid-table compact" data-testid="nodes-table">
              <thead>
                <tr>
                  <th>node</th>
                  <th>status</th>
                  <th>conditions</th>
                  <th>kubelet</th>
                  <th>runtime</th>
                  <th>OS image</th>
                </tr>
              </thead>
              <tbody>
                {detail.nodes.items.map((n) => (
                  <tr key={n.name} data-node={n.name} className={n.ready ? '' : 'sev-critical'}>
                    <td>{n.name}</td>
                    <td>{n.ready ? '✔ Ready' : '✖ NotReady'}</td>
                    <td>{n.problems.length ? n.problems.join(', ') : '—'}</td>
                    <td>{n.kubeletVersion ?? '—'}</td>
                    <td>{n.containerRuntime ?? '—'}</td>
                    <td>{n.osImage ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
