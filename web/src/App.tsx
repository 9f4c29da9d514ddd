import { lazy, Suspense } from 'react';
import { Skeleton } from './desk/Skeleton';
import { useLocation } from './router';
import { useFleet } from './use-fleet';
import { WallPage } from './wall/WallPage';

// The desk views (and recharts) load only when opened, so the wall screen's first render stays small.
const DeskApp = lazy(() => import('./desk/DeskApp').then((m) => ({ default: m.DeskApp })));

/** One live connection for the whole app; `/wall` is the TV screen, everything else the desk views. */
export function App() {
  const view = useFleet();
  const { path, search } = useLocation();
  if (path === '/wall' || path === '/wall/') return <WallPage view={view} search={search} />;
  return (
    <Suspense fallback={<Skeleton />}>
      <DeskApp view={view} path={path} search={search} />
    </Suspense>
  );
}
