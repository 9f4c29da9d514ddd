import type { ClusterHealth, ClusterStatus } from '../../shared/health';
import { useFleet } from './use-fleet';

const STATUS_ICON: Record<ClusterStatus, string> = {
  healthy: '✔',
  degraded: '▲',
  critical: '✖',
  unreachable: '⊘',
  unknown: '?',
};

function Tile({ cluster }: { cluster: ClusterHealth }) {
  const labels = Object.entries(cluster.labels).map(([, v]) => v).join(' · ');
  return (
    <article className={`tile status-${cluster.status}`} data-testid="cluster-tile" data-cluster={cluster.cluster} data-status={cluster.status}>
      <header>
        <h2>{cluster.cluster}</h2>
        <span className="labels">{labels}</span>
      </header>
      <div className="status">
        <span className="icon" aria-hidden="true">{STATUS_ICON[cluster.status]}</span>
        <span className="word">{cluster.status}</span>
      </div>
      <ul className="reasons">
        {cluster.reasons.slice(0, 2).map((r) => (
          <li key={r.rule}>{r.message}</li>
        ))}
      </ul>
      <footer>
        {cluster.nodes ? `${cluster.nodes.ready}/${cluster.nodes.total} nodes Ready` : 'nodes: no data'}
        {cluster.version ? ` · ${cluster.version}` : ''}
      </footer>
    </article>
  );
}

export function App() {
  const view = useFleet();
  return (
    <main>
      <header className="top">
        <h1>fleetscope</h1>
        <span className={`connection connection-${view.connection}`} data-testid="connection">
          {view.connection === 'open' ? 'live' : view.connection === 'offline' ? 'server offline — reconnecting' : 'connecting…'}
        </span>
      </header>
      <section className="grid">
        {view.clusters.map((c) => (
          <Tile key={c.health.cluster} cluster={c.health} />
        ))}
      </section>
    </main>
  );
}
