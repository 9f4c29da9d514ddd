import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

/** What validating one rendered object against its kind's schema found. */
export type Validation = { ok: true; id: string; kind: string; metadata: IObjectMeta; pods: IPodSpec[] } | { ok: false; id: string; problem: string };

interface ModelEntry {
  /** Validates `value` when it is of this entry's kind (throws with the path of the problem); undefined for another kind. */
  check(value: unknown): { kind: string; metadata: IObjectMeta; pods: IPodSpec[] } | undefined;
}

function model<T extends { kind: string; metadata?: IObjectMeta }>(
  is: (value: unknown) => value is T,
  validate: (value: T) => void,
  pods: (value: T) => IPodSpec[] = () => [],
): ModelEntry {
  return {
    check: (value) => {
      if (!is(value)) return undefined;
      validate(value);
      return { kind: value.kind, metadata: value.metadata ?? {}, pods: pods(value) };
    },
  };
}

const template = (spec: { template: { spec?: IPodSpec } } | undefined): IPodSpec[] => (spec?.template.spec ? [spec.template.spec] : []);

/**
 * Every kind the manifests may hold, each with its kubernetes-models class
 * (the Kubernetes and prometheus-operator schemas). A kind missing here fails
 * validation, so a new kind cannot ship unvalidated: add it, and say where its
 * pods are if it has any.
 */
const MODELS: ModelEntry[] = [
  model(Namespace.is, (v) => new Namespace(v).validate()),
  model(ServiceAccount.is, (v) => new ServiceAccount(v).validate()),
  model(ConfigMap.is, (v) => new ConfigMap(v).validate()),
  model(Secret.is, (v) => new Secret(v).validate()),
  model(Service.is, (v) => new Service(v).validate()),
  model(PersistentVolumeClaim.is, (v) => new PersistentVolumeClaim(v).validate()),
  model(
    Deployment.is,
    (v) => new Deployment(v).validate(),
    (v) => template(v.spec),
  ),
  model(
    StatefulSet.is,
    (v) => new StatefulSet(v).validate(),
    (v) => template(v.spec),
  ),
  model(PodDisruptionBudget.is, (v) => new PodDisruptionBudget(v).validate()),
  model(NetworkPolicy.is, (v) => new NetworkPolicy(v).validate()),
  model(Role.is, (v) => new Role(v).validate()),
  model(RoleBinding.is, (v) => new RoleBinding(v).validate()),
  model(ServiceMonitor.is, (v) => new ServiceMonitor(v).validate()),
  model(PrometheusRule.is, (v) => new PrometheusRule(v).validate()),
];

/** `apiVersion kind/name` of a rendered object, as a message names it. */
export function objectId(value: unknown): string {
  const field = (v: unknown, key: string): unknown => (v !== null && typeof v === 'object' ? Object.entries(v).find(([k]) => k === key)?.[1] : undefined);
  return `${String(field(value, 'apiVersion'))} ${String(field(value, 'kind'))}/${String(field(field(value, 'metadata'), 'name'))}`;
}

/** Validates one rendered object against the schema of its kind. */
export function validateObject(value: unknown): Validation {
  const id = objectId(value);
  for (const model of MODELS) {
    try {
      const valid = model.check(value);
      if (valid) return { ok: true, id, ...valid };
    } catch (error) {
      return { ok: false, id, problem: error instanceof Error ? error.message : String(error) };
    }
  }
  return { ok: false, id, problem: 'no schema for this kind here: add its model to MODELS in test/helpers/kube-models.ts' };
}
