import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

/** The volume types the Pod Security Standard "restricted" allows (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/**
 * What keeps a pod spec from the Pod Security Standard "restricted" (the
 * baseline's host namespaces, host ports, privileged containers and host-path
 * volumes included), one sentence per problem naming the container or
 * volume; empty when it meets the profile.
 */
export function restrictedProblems(pod: IPodSpec): string[] {
  const problems: string[] = [];
  if (pod.hostNetwork) problems.push('hostNetwork is on');
  if (pod.hostPID) problems.push('hostPID is on');
  if (pod.hostIPC) problems.push('hostIPC is on');
  for (const volume of pod.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== 'name');
    for (const type of types) if (!RESTRICTED_VOLUMES.has(type)) problems.push(`volume ${volume.name}: type ${type} is not allowed`);
  }
  const podContext = pod.securityContext;
  if (podContext?.runAsUser === 0) problems.push('the pod runs as UID 0');
  const containers: IContainer[] = [...(pod.initContainers ?? []), ...pod.containers];
  for (const container of containers) {
    const at = `container ${container.name}`;
    const context = container.securityContext;
    if (context?.privileged) problems.push(`${at}: privileged`);
    if (context?.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    const runAsNonRoot = context?.runAsNonRoot ?? podContext?.runAsNonRoot;
    if (runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot is not true (neither on the container nor on the pod)`);
    if (context?.runAsUser === 0) problems.push(`${at}: runs as UID 0`);
    const seccomp = context?.seccompProfile?.type ?? podContext?.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      problems.push(`${at}: seccompProfile is ${seccomp ?? 'unset'}, not RuntimeDefault or Localhost`);
    if (!context?.capabilities?.drop?.includes('ALL')) problems.push(`${at}: capabilities do not drop ALL`);
    for (const added of context?.capabilities?.add ?? []) if (added !== 'NET_BIND_SERVICE') problems.push(`${at}: adds capability ${added}`);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${at}: hostPort ${port.hostPort}`);
  }
  return problems;
}
