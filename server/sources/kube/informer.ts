import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { SourceError } from '../../../shared/errors';
import { networkError } from '../http/network-error';
import { kindOfStatus, statusError } from '../http/status';
import { backoffDelay } from './backoff';
import { field, list, num, text } from './object-fields';
import { kubeGet } from './request';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface InformerOptions {
  kc: KubeConfig;
  /** Collection path, e.g. /api/v1/nodes or /apis/events.k8s.io/v1/events. */
  path: string;
  requestTimeoutMs: number;
  /** A watch with no line (event or bookmark) for this long is restarted from the last resourceVersion. */
  idleTimeoutMs: number;
  pageSize?: number;
  maxListBytes?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Every object present after a (re)list; the receiver reconciles (it has seen some of them before). */
  onList(items: readonly unknown[]): void;
  onChange(type: WatchEventType, object: unknown): void;
  /** Reachability: called on the first success after a failure (and the first success), and on every failure. */
  onStatus(status: { ok: true; durationMs: number } | { ok: false; error: SourceError; durationMs: number }): void;
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

type WatchOutcome =
  | { kind: 'closed'; delivered: number }
  | { kind: 'expired' }
  /** `answered`: the server refused the watch with an HTTP status (its body, and so its message, is not kept by client-node). */
  | { kind: 'error'; error: SourceError; answered?: boolean };

/**
 * client-go informer semantics on top of client-node: list (paged), then
 * watch from the list's resourceVersion with bookmarks; when a watch ends,
 * resume from the last resourceVersion seen; on 410 Gone relist (the
 * receiver reconciles, so nothing is emitted twice); reconnect with
 * exponential back-off and jitter; restart a watch that went silent.
 */
export function createInformer(options: InformerOptions): Informer {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const watcher = new Watch(options.kc);
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

  async function listAll(): Promise<{ ok: true; items: unknown[]; resourceVersion: string } | { ok: false; error: SourceError }> {
    const items: unknown[] = [];
    let token = '';
    for (let pages = 0; ; pages++) {
      const query = new URLSearchParams({ limit: String(options.pageSize ?? 500) });
      if (token) query.set('continue', token);
      const page = await kubeGet(options.kc, `${options.path}?${query}`, {
        timeoutMs: options.requestTimeoutMs,
        maxBytes: options.maxListBytes ?? 64 * 1024 * 1024,
      });
      if (!page.ok) {
        // An expired continue token: start the list over (bounded, so a broken server cannot loop us).
        if (page.status === 410 && token && pages < 10) {
          items.length = 0;
          token = '';
          continue;
        }
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

  /** One watch from `rv`; `seen` is updated in place with every resourceVersion delivered. */
  function watchOnce(seen: { rv: string }): Promise<WatchOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      let delivered = 0;
      let controller: AbortController | null = null;
      let idleTimer: NodeJS.Timeout | null = null;
      const what = `WATCH ${options.path}`;
      const settle = (outcome: WatchOutcome) => {
        if (settled) return;
        settled = true;
        if (idleTimer) clearTimeout(idleTimer);
        abortWatch = null;
        controller?.abort();
        resolve(outcome);
      };
      const armIdle = () => {
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          options.onNote?.(`${what}: silent for ${options.idleTimeoutMs} ms; restarting from resourceVersion ${seen.rv}`);
          settle(
            controller
              ? { kind: 'closed', delivered }
              : { kind: 'error', error: { kind: 'timeout', message: `${what}: no answer within ${options.idleTimeoutMs} ms` } },
          );
        }, options.idleTimeoutMs);
      };
      abortWatch = () => settle({ kind: 'closed', delivered });
      armIdle();
      const started = now();
      const query = {
        resourceVersion: seen.rv,
        allowWatchBookmarks: true,
        // Like client-go: the server ends the watch after 5–10 minutes, spreading reconnects.
        timeoutSeconds: Math.floor(300 + random() * 300),
      };
      watcher
        .watch(
          options.path,
          query,
          (type, object) => {
            if (settled) return;
            armIdle();
            if (type === 'ERROR') {
              const code = num(field(object, 'code')) ?? 0;
              if (code === 410) settle({ kind: 'expired' });
              // An ERROR line is a failure whatever code it carries.
              else
                settle({
                  kind: 'error',
                  error: { kind: kindOfStatus(code) ?? 'bad_response', message: `${what}: ${text(field(object, 'message'), `ERROR ${code}`)}` },
                });
              return;
            }
            const rv = text(field(field(object, 'metadata'), 'resourceVersion'));
            if (rv) seen.rv = rv;
            if (type === 'BOOKMARK') return;
            if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
              delivered++;
              options.onChange(type, object);
            }
          },
          (error: unknown) => {
            if (settled) return;
            if (!error) return settle({ kind: 'closed', delivered });
            const status = num(field(error, 'statusCode'));
            if (status === 410) return settle({ kind: 'expired' });
            if (status !== undefined) return settle({ kind: 'error', answered: true, error: statusError(what, status) });
            // Before the stream opened it is a connection failure; after, the stream just ended.
            if (!controller) return settle({ kind: 'error', error: networkError(what, error) });
            settle({ kind: 'closed', delivered });
          },
        )
        .then((ctrl) => {
          if (settled) {
            ctrl.abort();
            return;
          }
          controller = ctrl;
          reportOk(now() - started);
        })
        .catch((error: unknown) => {
          // client-node throws (rather than calling done) for a kubeconfig it cannot apply, e.g. a failing exec plugin.
          settle({
            kind: 'error',
            error: { kind: 'unauthorized', message: `${what}: cannot get credentials: ${error instanceof Error ? error.message : String(error)}` },
          });
        });
    });
  }

  async function run(): Promise<void> {
    const seen = { rv: '' };
    let needList = true;
    let attempt = 0;
    while (!stopped) {
      if (needList) {
        const started = now();
        const listed = await listAll();
        markFirstList();
        if (stopped) return;
        if (!listed.ok) {
          reportError(listed.error, now() - started);
          await sleep(backoffDelay(attempt++, backoff, random));
          continue;
        }
        options.onList(listed.items);
        reportOk(now() - started);
        seen.rv = listed.resourceVersion;
        needList = false;
        attempt = 0;
      }
      const started = now();
      const outcome = await watchOnce(seen);
      if (stopped) return;
      if (outcome.kind === 'expired') {
        options.onNote?.(`WATCH ${options.path}: resourceVersion ${seen.rv} expired (410); relisting`);
        needList = true;
        continue;
      }
      if (outcome.kind === 'error') {
        reportError(outcome.error, now() - started);
        // Like client-go's reflector: a watch the server refused (401, 403, 5xx) starts over with a
        // list, whose answer also brings the server's message (e.g. who is forbidden what).
        if (outcome.answered) needList = true;
        await sleep(backoffDelay(attempt++, backoff, random));
        continue;
      }
      // A normal end: resume at once, unless the server keeps closing empty watches right away.
      if (outcome.delivered > 0 || now() - started > 1000) attempt = 0;
      else await sleep(backoffDelay(attempt++, backoff, random));
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
