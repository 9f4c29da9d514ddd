import { readFileSync } from 'node:fs';
import { DEFAULT_STORE_PATH, type FleetscopeStoreConfig } from '../config/schema/alerts';
import { readFailure } from '../read-failure';

/** Which store the config asks for, with its secret read: the SQLite file, or PostgreSQL's URL. */
export type StoreChoice =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      /** May carry a password: never logged or shown (redactUrl). */
      readonly url: string;
      readonly connectTimeoutMs: number;
      readonly statementTimeoutMs: number;
      /** How long the start waits for a PostgreSQL it cannot reach yet. */
      readonly startupWaitMs: number;
      readonly maxConnections: number;
      /** The leader lease: how long it holds without renewal, and how often it is renewed or tried. */
      readonly leaseDurationMs: number;
      readonly retryPeriodMs: number;
    };

/** Reads store.postgres.urlFile when given; problems name the field and the file, never the URL. */
export function resolveStore(config: FleetscopeStoreConfig): { choice: StoreChoice | null; problems: string[] } {
  const { postgres } = config;
  if (!postgres) return { choice: { kind: 'sqlite', path: config.path ?? DEFAULT_STORE_PATH }, problems: [] };
  let url = postgres.url;
  if (url === undefined && postgres.urlFile !== undefined) {
    try {
      url = readFileSync(postgres.urlFile, 'utf8').split('\n')[0]?.trim();
    } catch (error) {
      return { choice: null, problems: [`store.postgres.urlFile: cannot read ${postgres.urlFile}: ${readFailure(error)}`] };
    }
    if (!url || !/^postgres(ql)?:\/\/\S+$/.test(url))
      return { choice: null, problems: [`store.postgres.urlFile: the first line of ${postgres.urlFile} is not a PostgreSQL URL (postgres://…)`] };
  }
  if (url === undefined) return { choice: null, problems: ['store.postgres: give exactly one of url and urlFile'] };
  return {
    choice: {
      kind: 'postgres',
      url,
      connectTimeoutMs: postgres.connectTimeout,
      startupWaitMs: postgres.startupWait,
      statementTimeoutMs: postgres.statementTimeout,
      maxConnections: postgres.maxConnections,
      leaseDurationMs: postgres.leaderElection.leaseDuration,
      retryPeriodMs: postgres.leaderElection.retryPeriod,
    },
    problems: [],
  };
}
