import type { SimClusterModel } from '../model';
import { CREATED_AT } from '../model';
import {
  argocdFamilies,
  certManagerFamilies,
  ciliumFamilies,
  deprecatedApisFamily,
  etcdFamilies,
  FLUX_CONTROLLERS,
  fluxControllerFamilies,
  fluxResourceInfoFamily,
  gatekeeperFamilies,
  istioBuildFamily,
  istiodFamilies,
  veleroFamilies,
} from './companion-families';
import { buildInfoFamily, cadvisorFamilies, ksmFamilies, nodeExporterFamilies, type Family, type Labels } from './families';

/**
 * One scrape target of the cluster's (simulated) Prometheus: what a real
 * Prometheus would scrape, and where on the simulator's port it answers.
 * A real Prometheus pointed at `path?params` with `job`, `instance` and
 * `labels` as target labels stores exactly what the simulator's /federate shows.
 */
export interface ScrapeTarget {
  job: string;
  instance: string;
  /** Path on the simulator's Prometheus port. */
  path: string;
  /** Query parameters of the scrape (Prometheus' `params`). */
  params: Record<string, string>;
  /** Target labels besides job and instance (what service discovery would attach). */
  labels: Labels;
  /** false: the target answers 503 (its node is down); `up` is 0. */
  up: boolean;
  /** Its samples move with time (cAdvisor counters). */
  timeDependent: boolean;
  families(): Family[];
}

/** A target of one pod of a companion, in the cluster's service network; always up. */
function companionTarget(job: string, instance: string, path: string, families: () => Family[], timeDependent = false): ScrapeTarget {
  return { job, instance, path, params: {}, labels: {}, up: true, timeDependent, families };
}

/**
 * The companions' targets, with the job names their usual setups give
 * (Helm charts' ServiceMonitors and PodMonitors): velero, argocd-metrics,
 * flux-system/flux-system, cert-manager, etcd (one per member, on the
 * control-plane nodes), cilium-agent (one per node), istiod and the
 * gateway's envoy-stats, gatekeeper-audit.
 */
function companionTargets(model: SimClusterModel, controlPlaneIps: readonly string[]): ScrapeTarget[] {
  const c = model.companions;
  const since = Date.parse(CREATED_AT);
  const targets: ScrapeTarget[] = [];
  const velero = c.velero;
  if (velero) targets.push(companionTarget('velero', '10.96.10.5:8085', '/metrics/velero', () => veleroFamilies(velero, c.builtMs), true));
  const argocd = c.argocd;
  if (argocd) targets.push(companionTarget('argocd-metrics', '10.96.20.7:8082', '/metrics/argocd-metrics', () => argocdFamilies(argocd)));
  const flux = c.flux;
  if (flux)
    Object.entries(FLUX_CONTROLLERS).forEach(([controller, kinds], i) =>
      targets.push({
        ...companionTarget('flux-system/flux-system', `10.96.30.${10 + i}:8080`, `/metrics/flux/${controller}`, () => fluxControllerFamilies(flux, kinds)),
        labels: { namespace: 'flux-system', pod: `${controller}-6d8f4b7c9d-x2k4p` },
      }),
    );
  const certs = c.certManager;
  if (certs) targets.push(companionTarget('cert-manager', '10.96.40.9:9402', '/metrics/cert-manager', () => certManagerFamilies(certs, c.builtMs), true));
  const etcd = c.etcd;
  if (etcd)
    controlPlaneIps
      .slice(0, etcd.members)
      .forEach((ip, member) => targets.push(companionTarget('etcd', `${ip}:2381`, `/metrics/etcd/${member}`, () => etcdFamilies(etcd, member, since), true)));
  const cilium = c.cilium;
  if (cilium)
    for (const node of model.nodes)
      targets.push({
        job: 'cilium-agent',
        instance: `${node.internalIP}:9962`,
        path: '/metrics/cilium-agent',
        params: { node: node.name },
        labels: { node: node.name },
        up: node.ready,
        timeDependent: false,
        families: () =>
          ciliumFamilies({
            // Every agent sees the NotReady nodes as unreachable, besides what the story adds.
            unreachableNodes: cilium.unreachableNodes + model.nodes.filter((n) => !n.ready).length,
            endpointsReady: model.pods.filter((p) => p.node === node.name && p.phase === 'Running').length,
            endpointsNotReady: node === model.nodes.find((n) => n.ready) ? cilium.endpointsNotReady : 0,
          }),
      });
  const istio = c.istio;
  if (istio) {
    targets.push(companionTarget('istiod', '10.96.50.3:15014', '/metrics/istiod', () => istiodFamilies(istio, since), true));
    targets.push({
      ...companionTarget('envoy-stats', '10.96.50.8:15090', '/metrics/envoy-stats', () => [istioBuildFamily('proxy', istio.proxyVersion)]),
      labels: { namespace: 'istio-system', pod: 'istio-ingressgateway-5c7f8d9b6-q7w2e' },
    });
  }
  const gatekeeper = c.gatekeeper;
  if (gatekeeper) targets.push(companionTarget('gatekeeper-audit', '10.96.60.4:8888', '/metrics/gatekeeper-audit', () => gatekeeperFamilies(gatekeeper), true));
  return targets;
}

/** Every target of the cluster: kube-state-metrics, control plane, the companions, and per node the kubelet's cAdvisor and a node-exporter. */
export function scrapeTargets(model: SimClusterModel): ScrapeTarget[] {
  const controlPlaneIps = ['10.250.255.1', '10.250.255.2', '10.250.255.3'];
  const controlPlaneIp = controlPlaneIps[0]!;
  const version = model.spec.version;
  const flux = model.companions.flux;
  const targets: ScrapeTarget[] = [
    {
      job: 'kube-state-metrics',
      instance: 'kube-state-metrics:8080',
      path: '/metrics',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      // With Flux, kube-state-metrics also serves gotk_resource_info (custom resource state).
      families: () => (flux ? [...ksmFamilies(model), fluxResourceInfoFamily(flux)] : ksmFamilies(model)),
    },
    {
      job: 'apiserver',
      instance: `${controlPlaneIp}:6443`,
      path: '/metrics/apiserver',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      families: () =>
        model.companions.deprecatedApis.length ? [buildInfoFamily(version), deprecatedApisFamily(model.companions.deprecatedApis)] : [buildInfoFamily(version)],
    },
    {
      job: 'kube-controller-manager',
      instance: `${controlPlaneIp}:10257`,
      path: '/metrics/kube-controller-manager',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      families: () => [buildInfoFamily(version)],
    },
    {
      job: 'kube-scheduler',
      instance: `${controlPlaneIp}:10259`,
      path: '/metrics/kube-scheduler',
      params: {},
      labels: {},
      up: true,
      timeDependent: false,
      families: () => [buildInfoFamily(version)],
    },
    ...companionTargets(model, controlPlaneIps),
  ];
  for (const node of model.nodes) {
    targets.push({
      job: 'kubelet',
      instance: `${node.internalIP}:10250`,
      path: '/metrics/cadvisor',
      params: { node: node.name },
      labels: { metrics_path: '/metrics/cadvisor', node: node.name },
      up: node.ready,
      timeDependent: true,
      families: () => cadvisorFamilies(model, node.name),
    });
    targets.push({
      job: 'node-exporter',
      instance: `${node.internalIP}:9100`,
      path: '/metrics/node-exporter',
      params: { node: node.name },
      labels: { node: node.name },
      up: node.ready,
      timeDependent: false,
      families: () => nodeExporterFamilies(node),
    });
  }
  return targets;
}
