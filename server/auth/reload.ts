import type { Logger } from '../log';
import type { AuditActor, AuditLog } from './audit';

/** What one reload of a part did: the changes in words (none: unchanged), or why it kept what it had. */
export type ReloadOutcome = { ok: true; changes: string[] } | { ok: false; problems: string[] };

/** A part of the config that is re-read without a restart: the tokens file, the web configuration file. */
export interface Reloadable {
  /** How the audit log and answers name it ("auth.tokensFile"). */
  readonly name: string;
  reload(by: AuditActor): ReloadOutcome | Promise<ReloadOutcome>;
}

/** A reload as a whole: each part's outcome, ok only when every part read. */
export interface ReloadResult {
  ok: boolean;
  /** `name: change` for every change of every part. */
  changes: string[];
  /** `name: problem` for every part that kept what it had. */
  problems: string[];
}

/**
 * `POST /-/reload` and SIGHUP, as Prometheus has them: every reloadable part
 * is re-read; one that no longer reads keeps what it had, and the reload
 * says so. Each reload is in the audit log, with who asked.
 */
export interface ConfigReloader {
  readonly parts: readonly string[];
  reload(by: AuditActor): Promise<ReloadResult>;
}

export function createConfigReloader(options: { parts: readonly Reloadable[]; audit: AuditLog; logger: Logger }): ConfigReloader {
  const logger = options.logger.child({ component: 'reload' });
  return {
    parts: options.parts.map((p) => p.name),
    async reload(by) {
      const changes: string[] = [];
      const problems: string[] = [];
      for (const part of options.parts) {
        const outcome = await part.reload(by);
        if (outcome.ok) changes.push(...outcome.changes.map((c) => `${part.name}: ${c}`));
        else problems.push(...outcome.problems.map((p) => `${part.name}: ${p}`));
      }
      const ok = problems.length === 0;
      const target = options.parts.map((p) => p.name).join(', ') || 'nothing to reload';
      const detail = ok ? (changes.length ? changes.join('; ') : 'nothing changed') : `kept what was in force: ${problems.join('; ')}`;
      if (ok) logger.info({ by: by.name, from: by.from }, `config reloaded: ${detail}`);
      else logger.error({ by: by.name, from: by.from }, `config reload failed: ${detail}`);
      await options.audit.record(by, { action: ok ? 'config.reloaded' : 'config.reload_failed', target, detail });
      return { ok, changes, problems };
    },
  };
}
