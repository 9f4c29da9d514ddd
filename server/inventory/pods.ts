import type { ScrapedSeries } from '../fleet/series';
import { METRICS, podKey } from './metrics';
import type { ContainerImage, PodPhases, WaitingContainer, Workload, WorkloadBasis, Workloads } from './types';

/** Pods by phase from kube_pod_status_phase (the phase whose sample is 1); null when not federated. */
export function podPhases(series: ScrapedSeries): PodPhases | null {
  const samples = series.get(METRICS.podPhase);
  if (!samples) return null;
  // One entry per pod, kept while the phases do not change: the counts are made once, the lists only when asked.
  const phaseOf = new Map<string, string>();
  for (const s of samples) if (s.value === 1 && s.labels.phase) phaseOf.set(podKey(s.labels), s.labels.phase);
  const counts = new Map<string, number>();
  phaseOf.forEach((phase) => counts.set(phase, (counts.get(phase) ?? 0) + 1));
  return {
    phaseOf: (pod) => phaseOf.get(pod),
    count: (phase) => counts.get(phase) ?? 0,
    inPhase(phase) {
      const pods: { namespace: string; pod: string }[] = [];
      phaseOf.forEach((p, key) => {
        if (p !== phase) return;
        const slash = key.indexOf('/');
        pods.push({ namespace: key.slice(0, slash), pod: key.slice(slash + 1) });
      });
      return pods;
    },
  };
}

/** Containers waiting (kube_pod_container_status_waiting_reason is 1 only while a container waits for that reason). */
export function waitingContainers(series: ScrapedSeries): readonly WaitingContainer[] {
  const out: WaitingContainer[] = [];
  for (const s of series.get(METRICS.containerWaiting) ?? []) {
    if (s.value !== 1) continue;
    out.push({ namespace: s.labels.namespace ?? '', pod: s.labels.pod ?? '', container: s.labels.container ?? '', reason: s.labels.reason ?? null });
  }
  return out;
}

/** Characters of a Kubernetes pod-template hash (k8s.io/apimachinery rand.SafeEncodeString: no vowels, no 0/1/3). */
const TEMPLATE_HASH = /-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/;
/** A Deployment's pod: "<deployment>-<template hash>-<5 characters>". */
const DEPLOYMENT_POD = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
/** A CronJob's Job: "<cronjob>-<scheduled time in minutes>". */
const CRONJOB_JOB = /^(.+)-\d{8,}$/;

/** What podWorkloads reads. */
export const WORKLOAD_INPUTS = [METRICS.podOwner, METRICS.replicaSetOwner, METRICS.jobOwner, METRICS.podInfo] as const;

const owner = (kind: string, name: string): string | null => (kind && kind !== '<none>' && name && name !== '<none>' ? `${kind}/${name}` : null);

/** The controlling owner of each object named by `objectLabel`, from a kube-state-metrics *_owner family. */
function controllers(series: ScrapedSeries, metric: string, objectLabel: string): Map<string, { kind: string; name: string } | null> {
  const out = new Map<string, { kind: string; name: string } | null>();
  for (const s of series.get(metric) ?? []) {
    const key = `${s.labels.namespace ?? ''}/${s.labels[objectLabel] ?? ''}`;
    const kind = s.labels.owner_kind ?? '';
    const name = s.labels.owner_name ?? '';
    // "<none>" (no owner) is a series of its own; an owner that does not control it (owner_is_controller="false") is no workload.
    if (!owner(kind, name)) {
      if (!out.has(key)) out.set(key, null);
    } else if (s.labels.owner_is_controller !== 'false') out.set(key, { kind, name });
    else if (!out.has(key)) out.set(key, null);
  }
  return out;
}

const WEAKEST: Record<WorkloadBasis, number> = { kube_pod_owner: 0, kube_pod_info: 1, 'name pattern': 2, none: 3 };

/** The less certain of two bases. */
export function weakerBasis(a: WorkloadBasis | undefined, b: WorkloadBasis): WorkloadBasis {
  return a !== undefined && WEAKEST[a] >= WEAKEST[b] ? a : b;
}

/** The workload of a pod no owner series lists: a Deployment's by its name's pattern, else the pod itself. */
function unlisted(pod: string): Workload {
  const deployment = DEPLOYMENT_POD.exec(pod);
  return deployment ? { workload: `Deployment/${deployment[1]}`, basis: 'name pattern' } : { workload: `Pod/${pod}`, basis: 'none' };
}

/**
 * The workload that owns each pod, as "Kind/name", following
 * kube-state-metrics' owner series as Kubernetes' ownerReferences chain:
 * the pod's controller (kube_pod_owner, else kube_pod_info's created_by_*),
 * a ReplicaSet to its Deployment (kube_replicaset_owner), a Job to its
 * CronJob (kube_job_owner); StatefulSets, DaemonSets and others own their
 * pods directly, and a pod without a controller is "Pod/<name>". Where a
 * link of the chain is not federated, the name pattern Kubernetes gives
 * (a template hash, a CronJob's schedule suffix) fills it in, and the
 * workload's basis says so.
 */
export function podWorkloads(series: ScrapedSeries): Workloads {
  const podOwners = controllers(series, METRICS.podOwner, 'pod');
  const replicaSetOwners = series.has(METRICS.replicaSetOwner) ? controllers(series, METRICS.replicaSetOwner, 'replicaset') : null;
  const jobOwners = series.has(METRICS.jobOwner) ? controllers(series, METRICS.jobOwner, 'job_name') : null;
  const workloads = new Map<string, Workload>();

  const resolve = (namespace: string, pod: string, controller: { kind: string; name: string } | null, basis: WorkloadBasis): Workload => {
    if (!controller || controller.kind === 'Node') return { workload: `Pod/${pod}`, basis };
    const { kind, name } = controller;
    const chain = kind === 'ReplicaSet' ? replicaSetOwners : kind === 'Job' ? jobOwners : undefined;
    if (chain === undefined) return { workload: `${kind}/${name}`, basis };
    const found = chain?.get(`${namespace}/${name}`);
    if (found !== undefined) return { workload: found ? `${found.kind}/${found.name}` : `${kind}/${name}`, basis };
    // The owner's own owner is not federated: Kubernetes' naming says it.
    if (kind === 'ReplicaSet')
      return TEMPLATE_HASH.test(name)
        ? { workload: `Deployment/${name.replace(TEMPLATE_HASH, '')}`, basis: 'name pattern' }
        : { workload: `ReplicaSet/${name}`, basis };
    const cron = CRONJOB_JOB.exec(name);
    return cron ? { workload: `CronJob/${cron[1]}`, basis: 'name pattern' } : { workload: `Job/${name}`, basis };
  };

  podOwners.forEach((controller, key) => {
    const slash = key.indexOf('/');
    workloads.set(key, resolve(key.slice(0, slash), key.slice(slash + 1), controller, 'kube_pod_owner'));
  });
  for (const s of series.get(METRICS.podInfo) ?? []) {
    const key = podKey(s.labels);
    if (workloads.has(key)) continue;
    const kind = s.labels.created_by_kind ?? '';
    const name = s.labels.created_by_name ?? '';
    workloads.set(key, resolve(s.labels.namespace ?? '', s.labels.pod ?? '', owner(kind, name) ? { kind, name } : null, 'kube_pod_info'));
  }
  return {
    of: (pod) => workloads.get(pod)?.workload,
    resolve: (namespace, pod) => workloads.get(`${namespace}/${pod}`) ?? unlisted(pod),
  };
}

/** What containerImages reads. */
export const IMAGE_INPUTS = [METRICS.containerInfo, ...WORKLOAD_INPUTS] as const;

/** The containers of a cluster and their images, from kube_pod_container_info (image label), by workload. */
export function containerImages(series: ScrapedSeries, workloads: Workloads): readonly ContainerImage[] {
  const containers = series.get(METRICS.containerInfo);
  if (!containers) return [];
  const out: ContainerImage[] = [];
  for (const s of containers) {
    const image = s.labels.image || s.labels.image_spec;
    if (!image) continue;
    const namespace = s.labels.namespace ?? '';
    const { workload, basis } = workloads.resolve(namespace, s.labels.pod ?? '');
    out.push({ namespace, workload, workloadBasis: basis, container: s.labels.container ?? '', image });
  }
  return out;
}
