import { lazy, Suspense } from 'react';
import { useAccess } from './common/use-access';
import { Skeleton } from './desk/Skeleton';
import { useLocation } from './router';
import { useFleet } from './use-fleet';
import { AccessNotice } from './wall/AccessNotice';
import { useWallExchange, useWallRenewal } from './wall/use-wall-access';
import { WallPage } from './wall/WallPage';

// The desk views (and recharts) load only when opened, so the wall screen's first render stays small.
const DeskApp = lazy(() => import('./desk/DeskApp').then((m) => ({ default: m.DeskApp })));

/**
 * One live connection for the whole app; `/wall` is the TV screen, everything
 * else the desk views. Who the page works for comes first (GET /api/me; the
 * wall exchanges the token of its URL fragment before that), and the live
 * connection opens only once that is known.
 */
export function App({ wallToken }: { wallToken: string | null }) {
  const { path, search } = useLocation();
  const exchange = useWallExchange(wallToken);
  const control = useAccess(exchange.state === 'done');
  const { access } = control;
  useWallRenewal(control);
  const view = useFleet({
    enabled: access.state === 'ok' || access.state === 'unreachable',
    stillAllowed: control.recheck,
    accessLost: control.lost,
  });
  if (path === '/wall' || path === '/wall/') {
    if (exchange.state === 'refused') return <AccessNotice exchange={exchange} detail={exchange.detail} />;
    if (access.state === 'unauthorized' || access.state === 'forbidden') return <AccessNotice exchange={exchange} detail={access.detail} />;
    return <WallPage view={view} search={search} />;
  }
  return (
    <Suspense fallback={<Skeleton />}>
      <DeskApp view={view} path={path} search={search} access={access} />
    </Suspense>
  );
}
