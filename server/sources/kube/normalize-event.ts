import type { FleetEvent } from '../../../shared/events';
import type { ObservedEvent } from '../../fleet/inputs';
import { field, num, text, timeMs } from './object-fields';

/** Longest message kept; Kubernetes allows 1 KiB in events.k8s.io/v1 notes, core/v1 more. */
const MAX_MESSAGE = 1024;

/** The key repeats are merged under: one involved object and one reason. */
export function mergeKey(cluster: string, e: Pick<FleetEvent, 'namespace' | 'involvedObject' | 'reason'>): string {
  return `${cluster}/${e.namespace}/${e.involvedObject.kind}/${e.involvedObject.name}/${e.reason}`;
}

/**
 * Normalizes a core/v1 Event or an events.k8s.io/v1 Event (the fields differ:
 * involvedObject/regarding, message/note, count/deprecatedCount/series,
 * first/lastTimestamp/deprecated…/eventTime). Returns null for anything that
 * is not an event with a name.
 */
export function normalizeEvent(cluster: string, object: unknown): ObservedEvent | null {
  const metadata = field(object, 'metadata');
  const name = text(field(metadata, 'name'));
  if (!name) return null;
  const namespace = text(field(metadata, 'namespace'), 'default');
  const involved = field(object, 'regarding') ?? field(object, 'involvedObject');
  const series = field(object, 'series');
  const created = timeMs(field(metadata, 'creationTimestamp'));
  const eventTime = timeMs(field(object, 'eventTime'));
  const first = timeMs(field(object, 'firstTimestamp')) ?? timeMs(field(object, 'deprecatedFirstTimestamp')) ?? eventTime ?? created ?? 0;
  const last =
    timeMs(field(series, 'lastObservedTime')) ??
    timeMs(field(object, 'lastTimestamp')) ??
    timeMs(field(object, 'deprecatedLastTimestamp')) ??
    eventTime ??
    created ??
    first;
  const count = num(field(series, 'count')) ?? num(field(object, 'count')) ?? num(field(object, 'deprecatedCount')) ?? 1;
  const message = text(field(object, 'note') ?? field(object, 'message'));
  const involvedNamespace = text(field(involved, 'namespace'));
  const source =
    text(field(object, 'reportingController')) ||
    text(field(object, 'reportingComponent')) ||
    text(field(field(object, 'deprecatedSource'), 'component')) ||
    text(field(field(object, 'source'), 'component'));
  const base = {
    cluster,
    namespace,
    involvedObject: {
      kind: text(field(involved, 'kind'), 'Unknown'),
      name: text(field(involved, 'name')),
      ...(involvedNamespace ? { namespace: involvedNamespace } : {}),
    },
    reason: text(field(object, 'reason')),
  };
  const event: FleetEvent = {
    id: mergeKey(cluster, base),
    ...base,
    type: text(field(object, 'type'), 'Normal'),
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    count: Math.max(1, Math.floor(count)),
    firstSeen: Math.min(first, last),
    lastSeen: last,
    ...(source ? { source } : {}),
  };
  return { uid: text(field(metadata, 'uid')) || `${namespace}/${name}`, resourceVersion: text(field(metadata, 'resourceVersion')), event };
}
