import { DeskApp } from './desk/DeskApp';
import { useLocation } from './router';
import { useFleet } from './use-fleet';
import { WallPage } from './wall/WallPage';

/** One live connection for the whole app; `/wall` is the TV screen, everything else the desk views. */
export function App() {
  const view = useFleet();
  const { path, search } = useLocation();
  if (path === '/wall' || path === '/wall/') return <WallPage view={view} search={search} />;
  return <DeskApp view={view} path={path} search={search} />;
}
