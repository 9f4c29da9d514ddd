import type { Me } from '../../../shared/auth';
import { AlertsPage } from '../alerts/AlertsPage';
import type { Access } from '../common/access';
import { useServerNow } from '../common/hooks';
import type { FleetView } from '../fleet-state';
import { Link } from '../router';
import { clusterBanners, serverBanner, webConfigBanner } from './banners';
import { AccessPage } from './AccessPage';
import { AuditPage } from './AuditPage';
import { ClusterPage } from './ClusterPage';
import { CostPage } from './CostPage';
import { ErrorBoundary } from './ErrorBoundary';
import { EventsPage } from './EventsPage';
import { HygienePage } from './HygienePage';
import { OverviewPage } from './OverviewPage';
import { ReportsPage } from './ReportsPage';
import { Skeleton } from './Skeleton';
import { SkewPage } from './SkewPage';
import { UserMenu } from './UserMenu';

const NAV = [
  ['/', 'Overview'],
  ['/events', 'Events'],
  ['/cost', 'Cost'],
  ['/skew', 'Version skew'],
  ['/hygiene', 'Hygiene'],
  ['/reports', 'Reports'],
  ['/alerts', 'Alerts'],
  ['/wall', 'Wall screen'],
] as const;

function page(view: FleetView, path: string, search: string, me: Me) {
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
    case '/hygiene':
      return <HygienePage />;
    case '/reports':
      return <ReportsPage />;
    case '/alerts':
      return <AlertsPage canSilence={me.may.silence} canRetry={me.may.retryNotifications} />;
    case '/audit':
      return me.may.audit ? (
        <AuditPage />
      ) : (
        <AccessPage kind="forbidden" detail={`The audit log needs the admin role; you are ${me.name}, with the ${me.role} role.`} next={path} />
      );
    default:
      return <p>No page at {path}.</p>;
  }
}

/** Who the desk works for when GET /api/me could not be reached: nothing beyond what a viewer sees is offered. */
const UNKNOWN: Me = {
  name: 'unknown',
  groups: [],
  role: 'viewer',
  method: 'none',
  may: { silence: false, retryNotifications: false, audit: false, reload: false },
  access: 'on',
};

/**
 * The desk views: one navigation with who is signed in, a banner when
 * fleetscope's own store fails or its web configuration file could not
 * be reloaded, a banner per failing cluster, each page in its
 * own error boundary; a full page instead when the server says 401 or 403.
 * Only what the role allows is offered (silencing for operators, the audit log
 * for admins); the server refuses the rest anyway.
 */
export function DeskApp({ view, path, search, access }: { view: FleetView; path: string; search: string; access: Access }) {
  const now = useServerNow(view.clockSkewMs);
  if (access.state === 'checking') return <Skeleton />;
  if (access.state === 'unauthorized' || access.state === 'forbidden')
    return <AccessPage kind={access.state} detail={access.detail} next={`${path}${search}`} />;
  const me = access.state === 'ok' ? access.me : UNKNOWN;
  const banners = clusterBanners(view.clusters, now, view.staleAfterMs);
  const server = [serverBanner(view.server, now), webConfigBanner(view.server, now)].filter((banner) => banner !== null);
  const nav = me.may.audit ? [...NAV, ['/audit', 'Audit'] as const] : NAV;
  return (
    <div className="desk">
      <nav className="desk-nav">
        <strong>fleetscope</strong>
        {nav.map(([to, label]) => (
          <Link key={to} to={to} className={path === to ? 'active' : undefined}>
            {label}
          </Link>
        ))}
        <span className={`connection connection-${view.connection}`} data-testid="connection">
          {view.connection === 'open' ? '● live' : view.connection === 'offline' ? '○ server unreachable — reconnecting' : '○ connecting'}
        </span>
        <UserMenu me={me} />
      </nav>
      {me.access === 'none' && (
        <div className="banners" data-testid="access-banner">
          <p className="banner">
            Access control is off (auth.mode: none): anyone who can reach this fleetscope can see everything and silence alerts. See docs/security.md.
          </p>
        </div>
      )}
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
        <ErrorBoundary resetKey={path}>{view.synced ? page(view, path, search, me) : <Skeleton />}</ErrorBoundary>
      </main>
    </div>
  );
}
