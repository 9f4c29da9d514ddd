import type { SparkPoint } from '../../shared/protocol';
import type { ClusterInventory } from '../inventory/types';

/**
 * The value a tile's sparkline follows: pods in phase Running. Null when the
 * cluster's inventory has no pod phases (then the tile shows no sparkline
 * rather than a line at zero).
 */
export function runningPodsPoint(inventory: ClusterInventory): SparkPoint | null {
  const pods = inventory.pods;
  const at = inventory.prometheus?.lastSuccess;
  return pods && at ? { t: at, v: pods.count('Running') } : null;
}
