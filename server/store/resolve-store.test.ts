import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load';
import { resolveStore } from './resolve-store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Outcome = { ok: true; resolved: ReturnType<typeof resolveStore> } | { ok: false; problems: readonly string[] };

function storeOf(store: unknown): Outcome {
  const result = validateConfig({ clusters: [{ name: 'a', prometheus: { url: 'http://p/federate' } }], store });
  return result.ok ? { ok: true, resolved: resolveStore(result.config.store) } : { ok: false, problems: result.problems };
}

describe('choosing the store in the config', () => {
  it('is the SQLite file at data/fleetscope.db without store.path or store.postgres', () => {
    expect(storeOf(undefined)).toEqual({ ok: true, resolved: { choice: { kind: 'sqlite', path: 'data/fleetscope.db' }, problems: [] } });
  });

  it('refuses both store.path and store.postgres, naming the field', () => {
    expect(storeOf({ path: 'x.db', postgres: { url: 'postgres://u:pw@db/fleetscope' } })).toEqual({
      ok: false,
      problems: ['store.postgres: give store.path (a SQLite file) or store.postgres, not both'],
    });
  });

  it('needs exactly one of url and urlFile, and a PostgreSQL URL', () => {
    expect(storeOf({ postgres: {} })).toMatchObject({ ok: false, problems: ['store.postgres.url: give exactly one of url and urlFile'] });
    expect(storeOf({ postgres: { url: 'http://db' } })).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('store.postgres.url: must be a PostgreSQL URL')],
    });
  });

  it('reads the URL from urlFile, with its timeouts, and names the file but never the URL when it is not one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-store-config-'));
    dirs.push(dir);
    const file = path.join(dir, 'url');
    writeFileSync(file, 'postgres://fleetscope:s3cret@db:5432/fleetscope\n');
    expect(storeOf({ postgres: { urlFile: file, statementTimeout: '30s' } })).toEqual({
      ok: true,
      resolved: {
        choice: {
          kind: 'postgres',
          url: 'postgres://fleetscope:s3cret@db:5432/fleetscope',
          connectTimeoutMs: 5_000,
          startupWaitMs: 45_000,
          statementTimeoutMs: 30_000,
          maxConnections: 4,
          leaseDurationMs: 10_000,
          retryPeriodMs: 2_000,
        },
        problems: [],
      },
    });
    writeFileSync(file, 'fleetscope:s3cret@db\n');
    const bad = storeOf({ postgres: { urlFile: file } });
    expect(bad).toEqual({
      ok: true,
      resolved: { choice: null, problems: [`store.postgres.urlFile: the first line of ${file} is not a PostgreSQL URL (postgres://…)`] },
    });
    expect(JSON.stringify(bad)).not.toContain('s3cret');
    expect(storeOf({ postgres: { urlFile: path.join(dir, 'missing') } })).toMatchObject({
      resolved: { choice: null, problems: [expect.stringMatching(/^store\.postgres\.urlFile: cannot read .*missing/)] },
    });
  });
});
