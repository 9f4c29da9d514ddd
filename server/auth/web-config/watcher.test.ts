import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../test/helpers/log';
import { waitFor } from '../../../test/helpers/server';
import { createSimTls } from '../../simulator/tls';
import { loadWebConfig } from './load';
import { createWebConfigWatcher, type LoadedWebConfig } from './watcher';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-web-config-watch-'));
const file = (name: string) => path.join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
const users = (names: string[]) => `basic_auth_users:\n${names.map((name) => `  ${name}: ${HASH}\n`).join('')}`;

function start(text: string) {
  writeFileSync(file('web.yml'), text);
  const initial = loadWebConfig(file('web.yml'));
  if (!initial.ok) throw new Error('the first file must be good');
  const { logger, lines } = memoryLogger();
  const watcher = createWebConfigWatcher({ initial: initial satisfies LoadedWebConfig, logger, pollMs: 20 });
  return { watcher, lines };
}

describe('createWebConfigWatcher', () => {
  it('puts a changed file in force, and its users reach whoever asks', async () => {
    const { watcher } = start(users(['alice']));
    try {
      expect([...watcher.users().keys()]).toEqual(['alice']);
      writeFileSync(file('web.yml'), users(['alice', 'bob']));
      await waitFor('bob', () => watcher.users().has('bob'), 5000);
      writeFileSync(file('web.yml'), users(['bob']));
      await waitFor('alice to go', () => !watcher.users().has('alice'), 5000);
      expect(watcher.health()).toEqual({ ok: true });
    } finally {
      watcher.close();
    }
  });

  it('keeps the config in force when the file turns bad, says why once, and takes the file again once fixed', async () => {
    const { watcher, lines } = start(users(['alice']));
    try {
      writeFileSync(file('web.yml'), `${users(['alice'])}  bob: plain-text\n`);
      await waitFor('the problem', () => !watcher.health().ok, 5000);
      expect(watcher.health()).toMatchObject({
        ok: false,
        problems: ['basic_auth_users.bob: is not a bcrypt hash (make one with: htpasswd -nBC 10 "" | tr -d \':\\n\')'],
      });
      expect([...watcher.users().keys()]).toEqual(['alice']);
      // Looked at again and again, logged once, and never with the secret.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const logged = lines.filter((line) => line.includes('web config not reloaded'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).not.toContain('plain-text');
      expect(logged[0]).toContain('web config basic_auth_users.bob: is not a bcrypt hash');

      unlinkSync(file('web.yml'));
      await waitFor('the second problem', () => {
        const health = watcher.health();
        return !health.ok && health.problems.join() === 'the file: no such file';
      });
      expect([...watcher.users().keys()]).toEqual(['alice']);
      writeFileSync(file('web.yml'), users(['carol']));
      await waitFor('carol', () => watcher.users().has('carol'), 5000);
      expect(watcher.health()).toEqual({ ok: true });
    } finally {
      watcher.close();
    }
  });

  it('follows the files the config names, not only the config', async () => {
    const tls = createSimTls(['127.0.0.1']);
    writeFileSync(file('a.crt'), tls.certPem);
    writeFileSync(file('a.key'), tls.keyPem);
    const { watcher } = start('tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n');
    try {
      const renewed = createSimTls(['127.0.0.1']);
      writeFileSync(file('a.key'), renewed.keyPem);
      writeFileSync(file('a.crt'), renewed.certPem);
      await waitFor('the renewed certificate', () => watcher.current().tls?.certPem === renewed.certPem, 5000);
    } finally {
      watcher.close();
    }
  });

  it('refuses what needs a restart, and a reload says so', () => {
    const tls = createSimTls(['127.0.0.1']);
    writeFileSync(file('b.crt'), tls.certPem);
    writeFileSync(file('b.key'), tls.keyPem);
    const { watcher } = start(users(['alice']));
    try {
      writeFileSync(file('web.yml'), 'tls_server_config:\n  cert_file: b.crt\n  key_file: b.key\n');
      expect(watcher.reload()).toEqual({
        ok: false,
        problems: [{ field: 'tls_server_config', message: 'turning TLS on needs a restart (fleetscope serves plain HTTP until then)' }],
      });
      expect(watcher.current().tls).toBeNull();
      writeFileSync(file('web.yml'), users(['alice']));
      expect(watcher.reload()).toEqual({ ok: true, changed: true });
      expect(watcher.reload()).toEqual({ ok: true, changed: false });
    } finally {
      watcher.close();
    }
  });
});
