import type { ScrapedSeries } from '../fleet/series';
import { METRICS, podKey } from './metrics';
import type { ContainerImage, PodPhases, WaitingContainer, Workloads } from './types';

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

/** What podWorkloads reads. */
export const WORKLOAD_INPUTS = [METRICS.replicaSetOwner, METRICS.jobOwner, METRICS.podInfo] as const;

const owner = (kind: string, name: string): string | null => (kind && kind !== '<none>' && name && name !== '<none>' ? `${kind}/${name}` : null);

/**
 * The workload that owns each pod, as "Kind/name", from kube_pod_info's
 * created_by_* labels; a ReplicaSet is resolved to its Deployment through
 * kube_replicaset_owner when federated, else by removing its template hash;
 * a Job to its CronJob through kube_job_owner. Pods without an owner are
 * "Pod/<name>".
 */
export function podWorkloads(series: ScrapedSeries): Workloads {
  const replicaSetOwner = new Map<string, string>();
  for (const s of series.get(METRICS.replicaSetOwner) ?? []) {
    const found = owner(s.labels.owner_kind ?? '', s.labels.owner_name ?? '');
    if (found) replicaSetOwner.set(`${s.labels.namespace ?? ''}/${s.labels.replicaset ?? ''}`, found);
  }
  const jobOwner = new Map<string, string>();
  for (const s of series.get(METRICS.jobOwner) ?? []) {
    const found = owner(s.labels.owner_kind ?? '', s.labels.owner_name ?? '');
    if (found) jobOwner.set(`${s.labels.namespace ?? ''}/${s.labels.job_name ?? ''}`, found);
  }
  const workloads = new Map<string, string>();
  for (const s of series.get(METRICS.podInfo) ?? []) {
    const kind = s.labels.created_by_kind ?? '';
    const name = s.labels.created_by_name ?? '';
    const namespace = s.labels.namespace ?? '';
    let workload: string;
    if (!owner(kind, name)) workload = `Pod/${s.labels.pod ?? ''}`;
    else if (kind === 'ReplicaSet') workload = replicaSetOwner.get(`${namespace}/${name}`) ?? `Deployment/${name.replace(TEMPLATE_HASH, '')}`;
    else if (kind === 'Job') workload = jobOwner.get(`${namespace}/${name}`) ?? `Job/${name}`;
    else workload = `${kind}/${name}`;
    workloads.set(podKey(s.labels), workload);
  }
  return { of: (pod) => workloads.get(pod) };
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
    out.push({
      namespace: s.labels.namespace ?? '',
      workload: workloads.of(podKey(s.labels)) ?? `Pod/${s.labels.pod ?? ''}`,
      container: s.labels.container ?? '',
      image,
    });
  }
  return out;
}
