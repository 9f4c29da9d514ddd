import type { KubeConfig } from '@kubernetes/client-node';
import type { SourceError } from '../../../shared/errors';
import { kindOfStatus } from '../http/status';
import { createBackoff, REFLECTOR_BACKOFF, type BackoffOptions } from './backoff';
import { field, list, num, text } from './object-fields';
import { kubeGet } from './request';
import { startWatch } from './watch';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface InformerOptions {
  kc: KubeConfig;
  /** Collection path, e.g. /api/v1/nodes or /apis/events.k8s.io/v1/events. */
  path: string;
  /** Deadline of one list page, and of a watch's answer (status and headers). */
  requestTimeoutMs: number;
  /** A watch with no line (event or bookmark) for this long is restarted from the last resourceVersion. */
  idleTimeoutMs: number;
  pageSize?: number;
  maxListBytes?: number;
  /** A watch line longer than this ends the watch (too_large); default 16 MiB. */
  maxLineBytes?: number;
  /** Default REFLECTOR_BACKOFF. */
  backoff?: Pick<BackoffOptions, 'initialMs' | 'maxMs' | 'resetAfterMs'>;
  /** Every object present after a (re)list; the receiver reconciles (it has seen some of them before). */
  onList(items: readonly unknown[]): void;
  onChange(type: WatchEventType, object: unknown): void;
  /** Reachability: called on the first success after a failure (and the first success), and on every failure. */
  onStatus(status: { ok: true; durationMs: number } | { ok: false; error: SourceError; durationMs: number }): void;
  /** The watch could not go on and a list starts over: why ("410 Gone", "HTTP 403"). */
  onRelist?(reason: string): void;
  /** A line of the watch stream that is not a watch event, and what was wrong with it (also reported as a bad_response). */
  onBadLine?(problem: string): void;
  /** Debug breadcrumbs (relists, resumes); never carries credentials. */
  onNote?(note: string): void;
  random?: () => number;
  now?: () => number;
}

export interface Informer {
  start(): void;
  stop(): void;
  /** Resolves after the first list finished (successfully or not). */
  readonly firstList: Promise<void>;
}

type ListOutcome = { ok: true; items: unknown[]; resourceVersion: string } | { ok: false; error: SourceError } | { ok: false; expired: true };

type WatchOutcome =
  | { kind: 'closed'; delivered: number }
  | { kind: 'expired' }
  /** `status`: the server refused the watch with this HTTP status (401, 403, 5xx). */
  | { kind: 'error'; error: SourceError; status: number | null }
  /** A line that is not a watch event: the stream is no longer trusted, and resumes from the last good resourceVersion. */
  | { kind: 'bad_line'; error: SourceError };

/**
 * client-go informer semantics: list (paged), then watch from the list's
 * resourceVersion with bookmarks; when a watch ends, resume from the last
 * resourceVersion seen; on 410 Gone relist (the receiver reconciles, so
 * nothing is emitted twice). Every way back — a failed list, a relist, a
 * refused or failed watch, a bad line, a watch the server closes at once —
 * waits the reflector's back-off (REFLECTOR_BACKOFF), which only two minutes
 * without a wait resets: a server answering 410 to every watch is relisted
 * once or twice a minute, not in a loop. A watch that went silent is
 * restarted.
 */
export function createInformer(options: InformerOptions): Informer {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const backoff = createBackoff({ ...REFLECTOR_BACKOFF, ...options.backoff, random, now });
  const what = `WATCH ${options.path}`;
  let stopped = true;
  let lastOk: boolean | null = null;
  let wake: (() => void) | null = null;
  let abortWatch: (() => void) | null = null;
  let markFirstList: () => void = () => {};
  const firstList = new Promise<void>((resolve) => (markFirstList = resolve));

  const reportOk = (durationMs: number) => {
    if (lastOk !== true) options.onStatus({ ok: true, durationMs });
    lastOk = true;
  };
  const reportError = (error: SourceError, durationMs: number) => {
    lastOk = false;
    options.onStatus({ ok: false, error, durationMs });
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  async function listAll(): Promise<ListOutcome> {
    const items: unknown[] = [];
    let token = '';
    for (;;) {
      const query = new URLSearchParams({ limit: String(options.pageSize ?? 500) });
      if (token) query.set('continue', token);
      const page = await kubeGet(options.kc, `${options.path}?${query}`, {
        timeoutMs: options.requestTimeoutMs,
        maxBytes: options.maxListBytes ?? 64 * 1024 * 1024,
      });
      if (!page.ok) {
        // An expired continue token: the list starts over, after the back-off like any relist.
        if (page.status === 410 && token) return { ok: false, expired: true };
        return page;
      }
      const listItems = list(field(page.body, 'items'));
      if (!listItems) return { ok: false, error: { kind: 'bad_response', message: `GET ${options.path}: not a list (no items)` } };
      items.push(...listItems);
      const metadata = field(page.body, 'metadata');
      token = text(field(metadata, 'continue'));
      if (!token) return { ok: true, items, resourceVersion: text(field(metadata, 'resourceVersion')) };
    }
  }

  /** One watch from `seen.rv`; `seen` is updated in place with every resourceVersion delivered. */
  function watchOnce(seen: { rv: string }, opened: () => void): Promise<WatchOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      let delivered = 0;
      let idleTimer: NodeJS.Timeout | null = null;
      const settle = (outcome: WatchOutcome) => {
        if (settled) return;
        settled = true;
        if (idleTimer) clearTimeout(idleTimer);
        abortWatch = null;
        stream.close();
        resolve(outcome);
      };
      let open = false;
      const armIdle = () => {
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          if (!open)
            return settle({ kind: 'error', status: null, error: { kind: 'timeout', message: `${what}: no answer within ${options.idleTimeoutMs} ms` } });
          options.onNote?.(`${what}: silent for ${options.idleTimeoutMs} ms; restarting from resourceVersion ${seen.rv}`);
          settle({ kind: 'closed', delivered });
        }, options.idleTimeoutMs);
      };
      // Also bounds the time credentials take (an exec plugin), before the request's own deadline applies.
      armIdle();
      const stream = startWatch({
        kc: options.kc,
        path: options.path,
        query: {
          resourceVersion: seen.rv,
          allowWatchBookmarks: 'true',
          // Like client-go: the server ends the watch after 5–10 minutes, spreading reconnects.
          timeoutSeconds: String(Math.floor(300 + random() * 300)),
        },
        headersTimeoutMs: options.requestTimeoutMs,
        maxLineBytes: options.maxLineBytes ?? 16 * 1024 * 1024,
        onOpen() {
          open = true;
          armIdle();
          opened();
        },
        onEvent({ type, object }) {
          if (settled) return;
          armIdle();
          if (type === 'ERROR') {
            const code = num(field(object, 'code')) ?? 0;
            if (code === 410) settle({ kind: 'expired' });
            // An ERROR line is a failure whatever code it carries.
            else
              settle({
                kind: 'error',
                status: null,
                error: { kind: kindOfStatus(code) ?? 'bad_response', message: `${what}: ${text(field(object, 'message'), `ERROR ${code}`)}` },
              });
            return;
          }
          const rv = text(field(field(object, 'metadata'), 'resourceVersion'));
          if (rv) seen.rv = rv;
          if (type === 'BOOKMARK') return;
          delivered++;
          options.onChange(type, object);
        },
        onBadLine(problem) {
          if (settled) return;
          options.onBadLine?.(problem);
          settle({ kind: 'bad_line', error: { kind: 'bad_response', message: `${what}: ${problem}` } });
        },
        onEnd(end) {
          if (end.ok) settle({ kind: 'closed', delivered });
          else if (end.status === 410) settle({ kind: 'expired' });
          else settle({ kind: 'error', status: end.status, error: end.error });
        },
      });
      abortWatch = () => settle({ kind: 'closed', delivered });
    });
  }

  async function run(): Promise<void> {
    const seen = { rv: '' };
    let needList = true;
    // Why the next list is a relist; reported when it starts (a retry of a failed list is no new relist).
    let relistFor: string | null = null;
    // The last watch was refused, and the relist it caused has not led to a watch yet: the list's success does not hide it.
    let refused = false;
    const relist = (reason: string) => {
      options.onNote?.(`${what}: relisting (${reason})`);
      relistFor = reason;
      needList = true;
    };
    while (!stopped) {
      if (needList) {
        if (relistFor !== null) options.onRelist?.(relistFor);
        relistFor = null;
        const started = now();
        const listed = await listAll();
        markFirstList();
        if (stopped) return;
        if (!listed.ok) {
          if ('expired' in listed) relist('continue token expired, 410 Gone');
          else reportError(listed.error, now() - started);
          await sleep(backoff.next());
          continue;
        }
        options.onList(listed.items);
        if (!refused) reportOk(now() - started);
        seen.rv = listed.resourceVersion;
        needList = false;
      }
      const started = now();
      const outcome = await watchOnce(seen, () => {
        refused = false;
        reportOk(now() - started);
      });
      if (stopped) return;
      if (outcome.kind === 'closed') {
        // A normal end resumes at once, unless the server keeps closing empty watches right away.
        if (outcome.delivered === 0 && now() - started < 1000) await sleep(backoff.next());
        continue;
      }
      if (outcome.kind === 'expired') {
        options.onNote?.(`${what}: resourceVersion ${seen.rv} expired (410 Gone)`);
        relist('410 Gone');
      } else if (outcome.kind === 'bad_line') {
        reportError(outcome.error, now() - started);
        options.onNote?.(`${what}: resuming from resourceVersion ${seen.rv} after a bad line`);
      } else {
        reportError(outcome.error, now() - started);
        // Like client-go's reflector: a watch the server refused (401, 403, 5xx) starts over with a
        // list, whose answer also tells whether the list is refused as well.
        if (outcome.status !== null) {
          refused = true;
          relist(`HTTP ${outcome.status}`);
        }
      }
      await sleep(backoff.next());
    }
  }

  return {
    firstList,
    start() {
      if (!stopped) return;
      stopped = false;
      void run();
    },
    stop() {
      stopped = true;
      abortWatch?.();
      wake?.();
      markFirstList();
    },
  };
}
