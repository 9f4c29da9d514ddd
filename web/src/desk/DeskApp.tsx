import { AlertsPage } from '../alerts/AlertsPage';
import { useServerNow } from '../common/hooks';
import type { FleetView } from '../fleet-state';
import { Link } from '../router';
import { clusterBanners, serverBanner, webConfigBanner } from './banners';
import { ClusterPage } from './ClusterPage';
import { CostPage } from './CostPage';
import { ErrorBoundary } from './ErrorBoundary';
import { EventsPage } from './EventsPage';
import { OverviewPage } from './OverviewPage';
import { ReportsPage } from './ReportsPage';
import { Skeleton } from './Skeleton';
import { SkewPage } from './SkewPage';

const NAV = [
  ['/', 'Overview'],
  ['/events', 'Events'],
  ['/cost', 'Cost'],
  ['/skew', 'Version skew'],
  ['/reports', 'Reports'],
  ['/alerts', 'Alerts'],
  ['/wall', 'Wall screen'],
] as const;

function page(view: FleetView, path: string, search: string) {
  const cluster = /^\/clusters\/([^/]+)\/?$/.exec(path);
  if (cluster?.[1]) return <ClusterPage view={view} name={decodeURIComponent(cluster[1])} />;
  switch (path) {
    case '/':
      return <OverviewPage view={view} />;
    case '/events':
      return <EventsPage view={view} search={search} />;
    case '/cost':
      return <CostPage view={view} />;
    case '/skew':
      return <SkewPage view={view} />;
    case '/reports':
      return <ReportsPage />;
    case '/alerts':
      return <AlertsPage />;
    default:
      return <p>No page at {path}.</p>;
  }
}

/** The desk views: one navigation, a banner when fleetscope's own store fails or its web configuration file could not be reloaded, a banner per failing cluster, each page in its own error boundary. */
export function DeskApp({ view, path, search }: { view: FleetView; path: string; search: string }) {
  const now = useServerNow(view.clockSkewMs);
  const banners = clusterBanners(view.clusters, now, view.staleAfterMs);
  const server = [serverBanner(view.server, now), webConfigBanner(view.server, now)].filter((banner) => banner !== null);
  return (
    <div className="desk">
      <nav className="desk-nav">
        <strong>fleetscope</strong>
        {NAV.map(([to, label]) => (
          <Link key={to} to={to} className={path === to ? 'active' : undefined}>
            {label}
          </Link>
        ))}
        <span className={`connection connection-${view.connection}`} data-testid="connection">
          {view.connection === 'open' ? '● live' : view.connection === 'offline' ? '○ server unreachable — reconnecting' : '○ connecting'}
        </span>
      </nav>
      {server.length > 0 && (
        <div className="banners" data-testid="server-banner">
          {server.map((banner) => (
            <p key={banner} className="banner">
              {banner}
            </p>
          ))}
        </div>
      )}
      {banners.length > 0 && (
        <div className="banners" data-testid="cluster-banners">
          {banners.map((b) => (
            <p key={b.cluster} className="banner" data-cluster={b.cluster}>
              <strong>{b.cluster}</strong>: {b.message}. Other clusters are shown as usual.
            </p>
          ))}
        </div>
      )}
      <main className="desk-main">
        <ErrorBoundary resetKey={path}>{view.synced ? page(view, path, search) : <Skeleton />}</ErrorBoundary>
      </main>
    </div>
  );
}
