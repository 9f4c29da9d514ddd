import type { KubeConfig } from '@kubernetes/client-node';
import { httpGetLines, type LinesEnd, type LineStream } from '../http/get-lines';
import { KUBE_TLS_SETTINGS } from '../http/network-error';
import { field } from './object-fields';
import { kubeRequest, statusMessage } from './request';

const EVENT_TYPES = ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'] as const;

/** One line of a watch stream (k8s.io/apimachinery's watch.Event): `object` is the resource, or a Status for ERROR. */
export interface WatchEvent {
  readonly type: (typeof EVENT_TYPES)[number];
  readonly object: object;
}

const isEventType = (value: unknown): value is WatchEvent['type'] => EVENT_TYPES.some((type) => type === value);

/** A problem's text is shown to users: the parser's message, not the whole line. */
const short = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

/** A line of a watch stream as a watch event, or what is wrong with it ("line 3 is not JSON: Unexpected token …"). */
export function readWatchLine(line: string, number: number): { ok: true; event: WatchEvent } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, problem: `line ${number} is not JSON: ${short(error instanceof Error ? error.message : String(error))}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return {
      ok: false,
      problem: `line ${number} is not a watch event (${Array.isArray(value) ? 'an array' : `a JSON ${value === null ? 'null' : typeof value}`})`,
    };
  const type = field(value, 'type');
  if (!isEventType(type))
    return { ok: false, problem: `line ${number} is not a watch event (${typeof type === 'string' ? `type ${short(JSON.stringify(type))}` : 'no type'})` };
  const object = field(value, 'object');
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return { ok: false, problem: `line ${number} is not a watch event (no object)` };
  return { ok: true, event: { type, object } };
}

export interface WatchOptions {
  kc: KubeConfig;
  /** Collection path, e.g. /api/v1/nodes. */
  path: string;
  /** resourceVersion, allowWatchBookmarks, timeoutSeconds; `watch=true` is added. */
  query: Readonly<Record<string, string>>;
  /** Deadline for the server's answer (status and headers). */
  headersTimeoutMs: number;
  maxLineBytes: number;
  onOpen(): void;
  onEvent(event: WatchEvent): void;
  /** A line that is not a watch event, and what is wrong with it; the stream goes on unless the receiver closes it. */
  onBadLine(problem: string): void;
  /** Called once, unless `close()` came first (see LinesEnd). */
  onEnd(end: LinesEnd): void;
}

/**
 * One watch request to the API server with the kubeconfig's credentials,
 * read through the sources' HTTP client. Read here rather than through
 * client-node's Watch, which drops a line it cannot parse without a word
 * (and the exceptions of its callback with it) and keeps no body of a
 * refused watch: here every bad line is named, a line is bounded in size,
 * and a refusal carries the server's Status message.
 */
export function startWatch(options: WatchOptions): LineStream {
  const what = `WATCH ${options.path}`;
  let stream: LineStream | null = null;
  let closed = false;
  void kubeRequest(options.kc, what).then((prepared) => {
    if (closed) return;
    if (!prepared.ok) return options.onEnd({ ok: false, status: null, error: prepared.error });
    const { server, headers, agent, auth } = prepared.request;
    const query = new URLSearchParams({ ...options.query, watch: 'true' });
    stream = httpGetLines({
      url: `${server}${options.path}?${query}`,
      what,
      headers: { ...headers, accept: 'application/json' },
      agent,
      auth,
      tlsSettings: KUBE_TLS_SETTINGS,
      headersTimeoutMs: options.headersTimeoutMs,
      maxLineBytes: options.maxLineBytes,
      detail: statusMessage,
      onOpen: () => options.onOpen(),
      onLine(line, number) {
        const read = readWatchLine(line, number);
        if (read.ok) options.onEvent(read.event);
        else options.onBadLine(read.problem);
      },
      onEnd: (end) => options.onEnd(end),
    });
  });
  return {
    close() {
      closed = true;
      stream?.close();
    },
  };
}
