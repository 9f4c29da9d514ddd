import { minorsBetween, parseMinor } from '../../shared/kube-version';
import type { UpgradeReadiness } from '../../shared/reports/skew';
import type { DeprecatedApi } from '../inventory/types';
import { apiName } from './hygiene-rules';

/**
 * Upgrade readiness with the deprecated APIs still called that the target
 * release removes (removed_release at or before it): each blocks the
 * upgrade, and `breaks` says so in a sentence. Unchanged when the
 * deprecated-API metric is not federated.
 */
export function withRemovedApis(upgrade: UpgradeReadiness | null, apis: readonly DeprecatedApi[] | null): UpgradeReadiness | null {
  const target = upgrade && parseMinor(upgrade.target);
  if (!upgrade || !target || apis === null) return upgrade;
  const removed = apis.filter((api) => {
    const release = parseMinor(api.removedRelease);
    return release !== null && minorsBetween(target, release) >= 0;
  });
  if (!removed.length) return { ...upgrade, removedApis: [] };
  const names = removed.map((api) => `${apiName(api)} (removed in ${api.removedRelease})`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return {
    ...upgrade,
    ready: false,
    removedApis: removed.map(({ group, version, resource, subresource, removedRelease }) => ({ group, version, resource, subresource, removedRelease })),
    breaks: `upgrading to ${upgrade.target} breaks: clients still call ${list}`,
  };
}
