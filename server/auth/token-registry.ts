import { unwatchFile, watchFile } from 'node:fs';
import type { AuthConfig, TokenEntry } from '../config/schema/auth';
import type { Logger } from '../log';
import type { AuditActor } from './audit';
import { FILE_CHANGE } from './audit';
import type { ReloadOutcome } from './reload';
import { readTokens } from './token-file';

/** What a reload changed, by token name. `changed`: the same name with another role or another token (its hash). */
export interface TokenChanges {
  readonly added: readonly TokenEntry[];
  readonly changed: readonly TokenEntry[];
  readonly removed: readonly TokenEntry[];
}

/**
 * The bearer tokens in force: auth.tokens and auth.tokensFile's entries. The
 * file is looked at twice a second and re-read when it changes (and on every
 * reload): a token is revoked by deleting its line. A file that no longer
 * reads leaves the tokens as they were, and says so in the log.
 */
export interface TokenRegistry {
  tokens(): readonly TokenEntry[];
  /** Re-reads the tokens file now. */
  reload(by: AuditActor): ReloadOutcome;
  close(): void;
}

export interface TokenRegistryOptions {
  auth: Pick<AuthConfig, 'tokens' | 'tokensFile'>;
  /** The tokens as read at start (resolveConfig read them, so their problems were the config's). */
  initial: readonly TokenEntry[];
  logger: Logger;
  /** Called after a reload that changed something, before it returns: revoked tokens' websockets are closed here, the audit log written. */
  onChange: (changes: TokenChanges, by: AuditActor) => void;
  /** How often the file is looked at (default 500 ms). */
  watchIntervalMs?: number;
}

export function tokenChanges(before: readonly TokenEntry[], after: readonly TokenEntry[]): TokenChanges {
  const old = new Map(before.map((t) => [t.name, t]));
  const now = new Map(after.map((t) => [t.name, t]));
  return {
    added: after.filter((t) => !old.has(t.name)),
    changed: after.filter((t) => {
      const was = old.get(t.name);
      return was !== undefined && (was.role !== t.role || was.hash !== t.hash);
    }),
    removed: before.filter((t) => !now.has(t.name)),
  };
}

function describe(changes: TokenChanges): string[] {
  return [
    ...changes.added.map((t) => `token ${t.name} (${t.role}) added`),
    ...changes.changed.map((t) => `token ${t.name} changed (now ${t.role})`),
    ...changes.removed.map((t) => `token ${t.name} revoked`),
  ];
}

export function createTokenRegistry(options: TokenRegistryOptions): TokenRegistry {
  const logger = options.logger.child({ component: 'auth' });
  const file = options.auth.tokensFile;
  let current = options.initial;

  const reload = (by: AuditActor): ReloadOutcome => {
    const read = readTokens(options.auth);
    if (!read.ok) {
      logger.error({ problems: read.problems }, `the tokens file no longer reads; the tokens stay as they were: ${read.problems.join('; ')}`);
      return { ok: false, problems: read.problems };
    }
    const changes = tokenChanges(current, read.tokens);
    current = read.tokens;
    const words = describe(changes);
    if (words.length) {
      logger.info({ by: by.name, from: by.from }, `tokens reloaded: ${words.join(', ')}`);
      options.onChange(changes, by);
    }
    return { ok: true, changes: words };
  };

  const onFile = () => void reload(FILE_CHANGE);
  if (file !== undefined) watchFile(file, { interval: options.watchIntervalMs ?? 500, persistent: false }, onFile);

  return {
    tokens: () => current,
    reload,
    close() {
      if (file !== undefined) unwatchFile(file, onFile);
    },
  };
}
