import type { WebConfigHealth } from '../../../shared/server-status';
import type { Logger } from '../../log';
import { loadWebConfig, type WebConfigLoad } from './load';
import { inputsChanged, type WebConfigInput } from './read-files';
import { changesNeedingRestart } from './restart-needed';
import { formatWebConfigProblem, type WebConfig, type WebConfigProblem } from './types';

/** How often the file and the files it names are looked at. */
export const WEB_CONFIG_POLL_MS = 1000;

/** A web configuration file read successfully, with what it was read from. */
export type LoadedWebConfig = Extract<WebConfigLoad, { ok: true }>;

/** What a reload did: put a new config in force, found nothing changed, or found problems (the config in force stays). */
export type WebConfigReload = { ok: true; changed: boolean } | { ok: false; problems: readonly WebConfigProblem[] };

/**
 * The web configuration file in force, re-read when it or any file it names
 * changes (exporter-toolkit reads it on every request and connection;
 * fleetscope looks every WEB_CONFIG_POLL_MS and on reload). A file that
 * turns bad never replaces a good one: the problem is logged, kept in
 * health() for the UI and /metrics, and the config in force stays.
 */
export interface WebConfigWatcher {
  current(): WebConfig;
  /**
   * basic_auth_users of the config in force: user → bcrypt hash. What the
   * basic-auth authenticator is given (`users: () => watcher.users()`); it
   * changes when the file does.
   */
  users(): ReadonlyMap<string, string>;
  /** Whether the last reading of the file put it in force; its problems otherwise. */
  health(): WebConfigHealth;
  /** When the config in force was read (ms since the epoch). */
  loadedAt(): number;
  /** Reads the file now if it or a file it names changed, or the last reading failed (the config reload: SIGHUP, POST /-/reload). */
  reload(): WebConfigReload;
  /** Called with each config put in force after the first. */
  onChange(listener: (config: WebConfig) => void): () => void;
  close(): void;
}

export interface WebConfigWatcherOptions {
  initial: LoadedWebConfig;
  logger: Logger;
  pollMs?: number;
  now?: () => number;
}

export function createWebConfigWatcher(options: WebConfigWatcherOptions): WebConfigWatcher {
  const { logger } = options;
  const now = options.now ?? Date.now;
  let current = options.initial.config;
  let loadedAt = now();
  let health: WebConfigHealth = { ok: true };
  // The inputs of the last attempt, good or bad: a bad file is read again only once it changes, so it is logged once.
  let lastInputs: readonly WebConfigInput[] = options.initial.inputs;
  const listeners = new Set<(config: WebConfig) => void>();

  const refuse = (problems: readonly WebConfigProblem[]): WebConfigReload => {
    // Without file paths: health reaches the browser.
    const shown = problems.map((p) => `${p.field || 'the file'}: ${p.message}`);
    health = { ok: false, problems: shown, since: health.ok ? now() : health.since };
    logger.error({ file: current.file, problems: problems.map(formatWebConfigProblem) }, 'web config not reloaded: the one read before stays in force');
    return { ok: false, problems };
  };

  const attempt = (): WebConfigReload => {
    const load = loadWebConfig(current.file);
    lastInputs = load.inputs;
    if (!load.ok) return refuse(load.problems);
    const needRestart = changesNeedingRestart(current, load.config);
    if (needRestart.length > 0) return refuse(needRestart);
    current = load.config;
    loadedAt = now();
    health = { ok: true };
    logger.info({ file: current.file, tls: current.tls !== null, users: current.users.size }, 'web config reloaded');
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (error) {
        logger.error({ err: error, file: current.file }, 'applying the reloaded web config failed');
      }
    }
    return { ok: true, changed: true };
  };

  const timer = setInterval(() => {
    if (inputsChanged(lastInputs)) attempt();
  }, options.pollMs ?? WEB_CONFIG_POLL_MS);
  timer.unref();

  return {
    current: () => current,
    users: () => current.users,
    health: () => health,
    loadedAt: () => loadedAt,
    reload() {
      if (!inputsChanged(lastInputs) && health.ok) return { ok: true, changed: false };
      return attempt();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      clearInterval(timer);
      listeners.clear();
    },
  };
}
