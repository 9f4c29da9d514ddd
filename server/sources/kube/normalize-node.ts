import type { NodeInfo } from '../../../shared/nodes';
import { field, stringRecord, text } from './object-fields';

/** A core/v1 Node as fleetscope shows it; null for anything without a name. */
export function normalizeNode(object: unknown): NodeInfo | null {
  const name = text(field(field(object, 'metadata'), 'name'));
  if (!name) return null;
  const status = field(object, 'status');
  const info = field(status, 'nodeInfo');
  const conditions = field(status, 'conditions');
  let ready = false;
  const problemConditions: string[] = [];
  if (Array.isArray(conditions)) {
    for (const condition of conditions) {
      const type = text(field(condition, 'type'));
      const isTrue = text(field(condition, 'status')) === 'True';
      if (type === 'Ready') ready = isTrue;
      else if (isTrue && type) problemConditions.push(type);
    }
  }
  const spec = field(object, 'spec');
  const podCIDR = text(field(spec, 'podCIDR'));
  // spec.podCIDRs holds one range per IP family (dual-stack); spec.podCIDR is its first, and the only one older servers set.
  const listed = field(spec, 'podCIDRs');
  const podCIDRs = Array.isArray(listed) ? listed.map((v) => text(v)).filter(Boolean) : [];
  if (podCIDR && !podCIDRs.includes(podCIDR)) podCIDRs.unshift(podCIDR);
  return {
    name,
    ready,
    problemConditions,
    kubeletVersion: text(field(info, 'kubeletVersion')),
    kubeProxyVersion: text(field(info, 'kubeProxyVersion')),
    containerRuntimeVersion: text(field(info, 'containerRuntimeVersion')),
    osImage: text(field(info, 'osImage')),
    kernelVersion: text(field(info, 'kernelVersion')),
    podCIDR: podCIDR || podCIDRs[0] || null,
    podCIDRs,
    labels: stringRecord(field(field(object, 'metadata'), 'labels')),
  };
}
