import type { FleetView } from '../fleet-state';
import { Link } from '../router';

export function DeskApp({ view }: { view: FleetView; path: string; search: string }) {
  return (
    <div className="desk">
      <nav className="desk-nav">
        <strong>fleetscope</strong>
        <Link to="/wall">Wall</Link>
      </nav>
      <main>{view.clusters.length} clusters</main>
    </div>
  );
}
