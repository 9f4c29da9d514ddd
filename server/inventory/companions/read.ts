import type { ScrapedSeries } from '../../fleet/series';
import type { EarlierCounters } from '../earlier';
import { SectionMemo } from '../memo';
import { COMPANION_METRICS as M } from '../metrics';
import type { ArgoApplication, Companions, DeprecatedApi, FluxResource, GatekeeperStatus, ManagedCertificate, Target } from '../types';
import { readVelero } from './backups';
import { readCertificates } from './certificates';
import { readEtcd } from './etcd';
import { readArgoApplications, readFlux } from './gitops';
import { readCilium, readIstio } from './network';
import { readDeprecatedApis, readGatekeeper } from './policy';

/** What one cluster's companions keep from scrape to scrape (the parts that read no counter). */
export interface CompanionsMemo {
  readonly argo: SectionMemo<readonly ArgoApplication[] | null>;
  readonly flux: SectionMemo<readonly FluxResource[] | null>;
  readonly certificates: SectionMemo<readonly ManagedCertificate[] | null>;
  readonly gatekeeper: SectionMemo<GatekeeperStatus | null>;
  readonly deprecatedApis: SectionMemo<readonly DeprecatedApi[] | null>;
}

export function createCompanionsMemo(): CompanionsMemo {
  return {
    argo: new SectionMemo(),
    flux: new SectionMemo(),
    certificates: new SectionMemo(),
    gatekeeper: new SectionMemo(),
    deprecatedApis: new SectionMemo(),
  };
}

/** No companion seen: the series are not fresh. */
export const NO_COMPANIONS: Companions = Object.freeze({
  velero: null,
  argoApplications: null,
  flux: null,
  certificates: null,
  etcd: null,
  cilium: null,
  istio: null,
  gatekeeper: null,
  deprecatedApis: null,
});

/**
 * The companions of one cluster's scrape, each part read when first asked
 * for; the parts over gauges are kept by the memo while their metrics do
 * not change, those over counters are rated against `earlier`.
 */
export function readCompanions(options: {
  series: ScrapedSeries;
  lastSuccess: number | null;
  earlier: EarlierCounters | null;
  targets: () => readonly Target[] | null;
  memo: CompanionsMemo;
}): Companions {
  const { series, memo } = options;
  const once = new Map<keyof Companions, unknown>();
  const part = <K extends keyof Companions>(key: K, read: () => Companions[K]): Companions[K] => {
    if (!once.has(key)) once.set(key, read());
    return once.get(key) as Companions[K];
  };
  return {
    get velero() {
      return part('velero', () => readVelero(options));
    },
    get argoApplications() {
      return part('argoApplications', () => memo.argo.read(series, [M.argoApp], () => readArgoApplications(series)));
    },
    get flux() {
      return part('flux', () => memo.flux.read(series, [M.fluxCondition, M.fluxSuspend, M.fluxResource], () => readFlux(series)));
    },
    get certificates() {
      return part('certificates', () => memo.certificates.read(series, [M.certReady, M.certExpiry], () => readCertificates(series)));
    },
    get etcd() {
      return part('etcd', () => readEtcd(options));
    },
    get cilium() {
      return part('cilium', () => readCilium(series, options.targets()));
    },
    get istio() {
      return part('istio', () => readIstio(options));
    },
    get gatekeeper() {
      return part('gatekeeper', () =>
        memo.gatekeeper.read(series, [M.gatekeeperViolations, M.gatekeeperConstraints, M.gatekeeperAudit], () => readGatekeeper(series)),
      );
    },
    get deprecatedApis() {
      return part('deprecatedApis', () => memo.deprecatedApis.read(series, [M.deprecatedApis], () => readDeprecatedApis(series)));
    },
  };
}
