import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LeaseLostError } from '../../server/store/faults';
import { openPostgresStore } from '../../server/store/postgres';
import type { Notification } from '../../server/store/records';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

/** One kind of store: `open` opens the same data again on every call, until `reset` empties it. */
interface StoreKind {
  name: string;
  setUp(): Promise<void>;
  open(): Promise<Store>;
  reset(): Promise<void>;
  tearDown(): Promise<void>;
}

function sqliteKind(): StoreKind {
  let dir = '';
  let n = 0;
  return {
    name: 'SQLite',
    async setUp() {
      dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-contract-'));
    },
    async open() {
      const opened = openSqliteStore(path.join(dir, `store-${n}.db`));
      if (!opened.ok) throw new Error(opened.fault.message);
      return opened.store;
    },
    async reset() {
      n++;
    },
    async tearDown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresKind(): StoreKind {
  let server: TestPostgres | null = null;
  return {
    name: 'PostgreSQL',
    async setUp() {
      server = await startPostgres();
    },
    async open() {
      if (!server) throw new Error('not set up');
      const opened = await openPostgresStore({ url: server.url });
      if (!opened.ok) throw new Error(opened.fault.message);
      return opened.store;
    },
    async reset() {
      const client = new pg.Client(server?.url);
      await client.connect();
      await client.query(
        'TRUNCATE alerts, notification_log, outbox, daily_cost, schedule_runs, silences, inbound_alerts, audit, sessions, leases, status_transitions, events, fact_changes, cluster_facts RESTART IDENTITY',
      );
      await client.end();
    },
    async tearDown() {
      await server?.stop();
    },
  };
}

const notification = (id: string, createdAt: number, receiver = 'chat'): Notification => ({
  id,
  receiver,
  groupKey: `g-${id}`,
  status: 'firing',
  groupLabels: { alertname: 'X' },
  commonLabels: { alertname: 'X' },
  commonAnnotations: {},
  alerts: [],
  counts: { firing: 1, resolved: 0 },
  clusters: ['a'],
  truncatedAlerts: 0,
  externalURL: 'http://fleetscope',
  createdAt,
});

const session = (id: string, expiresAt: number) => ({
  id,
  subject: 'sub-1',
  name: 'ada',
  groups: ['sre'],
  createdAt: 0,
  expiresAt,
  refreshAt: 10,
  sealedRefreshToken: 'sealed',
});

describe.each([sqliteKind(), postgresKind()])('the $name store keeps the contract', (kind) => {
  const stores: Store[] = [];
  const open = async () => {
    const store = await kind.open();
    stores.push(store);
    return store;
  };
  const reopen = async (store: Store) => {
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    return open();
  };
  beforeAll(() => kind.setUp(), 60_000);
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await kind.reset();
  });
  afterAll(() => kind.tearDown());

  it('works, and keeps what it was given across a reopening', async () => {
    const store = await open();
    const cost = [{ cluster: 'a', day: '2026-11-21', daily: 1.25, currency: 'USD' }];
    await store.recordDailyCosts(cost);
    expect(store.health()).toEqual({ ok: true });
    expect(await (await reopen(store)).dailyCostHistory('2026-11-01')).toEqual(cost);
  });

  it('replaces a day’s cost, and drops older days only when asked through dailyCostsSince', async () => {
    const store = await open();
    await store.recordDailyCosts([
      { cluster: 'a', day: '2026-11-20', daily: 1, currency: 'USD' },
      { cluster: 'a', day: '2026-11-21', daily: 2, currency: 'USD' },
    ]);
    await store.recordDailyCosts([{ cluster: 'a', day: '2026-11-21', daily: 3, currency: 'EUR' }]);
    expect(await store.dailyCostHistory('2026-11-21')).toEqual([{ cluster: 'a', day: '2026-11-21', daily: 3, currency: 'EUR' }]);
    expect((await store.dailyCostHistory('2026-11-01')).length).toBe(2);
    expect(await store.dailyCostsSince('2026-11-21')).toEqual([{ cluster: 'a', day: '2026-11-21', daily: 3, currency: 'EUR' }]);
    expect((await store.dailyCostHistory('2026-11-01')).length).toBe(1);
  });

  it('keeps alert state and the notification log, replaced and deleted by key', async () => {
    const store = await open();
    const alert = (fingerprint: string, state: 'pending' | 'firing') => ({
      fingerprint,
      labels: { alertname: 'X' },
      annotations: {},
      startsAt: 1,
      endsAt: null,
      generatorURL: '',
      state,
      activeSince: 1,
      forMs: 0,
      origin: 'rule' as const,
    });
    await store.saveAlerts([alert('a', 'pending'), alert('b', 'pending')], []);
    await store.saveAlerts([alert('a', 'firing')], ['b']);
    const entry = { groupKey: 'g', receiver: 'chat', firing: ['a'], resolved: [], sentAt: 5 };
    await store.commitFlush([entry], [notification('n1', 100)]);
    const state = await (await reopen(store)).loadAlertState();
    expect(state.alerts).toEqual([alert('a', 'firing')]);
    expect(state.log).toEqual([entry]);
    const again = stores[0];
    if (!again) throw new Error('no store');
    await again.deleteLogEntries([entry]);
    expect((await again.loadAlertState()).log).toEqual([]);
  });

  it('delivers from the outbox oldest first, records attempts, retries a failed one and prunes finished ones', async () => {
    const store = await open();
    await store.commitFlush([], [notification('n2', 200), notification('n1', 100)]);
    await store.commitScheduledRun('weekly', 150, [notification('s1', 150)]);
    expect((await store.dueNotifications(1000, 10)).map((i) => i.notification.id)).toEqual(['n1', 's1', 'n2']);
    expect((await store.dueNotifications(120, 10)).map((i) => i.notification.id)).toEqual(['n1']);
    await store.recordAttempt('n1', { status: 'delivered', at: 300 });
    await store.recordAttempt('s1', { status: 'pending', nextAttemptAt: 5000, error: '503' });
    await store.recordAttempt('n2', { status: 'failed', at: 310, error: '400' });
    expect(await store.countNotifications()).toEqual({ pending: 1, delivered: 1, failed: 1 });
    expect(await store.scheduleRuns()).toEqual(new Map([['weekly', 150]]));
    expect(await store.listNotifications({ status: 'pending', limit: 10 })).toEqual([
      { notification: notification('s1', 150), status: 'pending', attempts: 1, nextAttemptAt: 5000, lastError: '503', finishedAt: null },
    ]);
    expect((await store.listNotifications({ limit: 10 })).map((i) => i.notification.id)).toEqual(['n2', 's1', 'n1']);
    expect(await store.retryNotification('n1', 400)).toBe(false);
    expect(await store.retryNotification('n2', 400)).toBe(true);
    expect(await store.listNotifications({ status: 'pending', limit: 1 })).toMatchObject([{ notification: { id: 'n2' }, attempts: 0, nextAttemptAt: 400 }]);
    expect(await store.pruneNotifications(301)).toBe(1);
    expect(await store.countNotifications()).toEqual({ pending: 2, delivered: 0, failed: 0 });
  });

  it('keeps status transitions and events across a reopening, once each, and prunes what is older than asked', async () => {
    const store = await open();
    const t = (cluster: string, at: number, to: 'healthy' | 'degraded') => ({
      cluster,
      at,
      from: null,
      to,
      reason: to === 'healthy' ? null : 'nodes NotReady',
    });
    await store.appendTransitions([t('a', 50, 'degraded'), t('a', 100, 'healthy'), t('b', 150, 'healthy'), t('a', 200, 'degraded')]);
    await store.appendTransitions([t('a', 200, 'degraded')]);
    const event = (id: string, lastSeen: number, count = 1) => ({
      id,
      cluster: 'a',
      namespace: 'default',
      involvedObject: { kind: 'Pod', name: id },
      reason: 'BackOff',
      type: 'Warning',
      message: 'back-off',
      count,
      firstSeen: 0,
      lastSeen,
    });
    await store.saveEvents([event('e1', 100), event('e2', 300), event('e1', 250, 4)]);
    const again = await reopen(store);
    expect(await again.transitionsSince(0)).toEqual([t('a', 50, 'degraded'), t('a', 100, 'healthy'), t('b', 150, 'healthy'), t('a', 200, 'degraded')]);
    expect(await again.transitionsSince(150)).toEqual([t('b', 150, 'healthy'), t('a', 200, 'degraded')]);
    expect(await again.eventsSince(0, 10)).toEqual([event('e1', 250, 4), event('e2', 300)]);
    expect(await again.eventsSince(0, 1)).toEqual([event('e2', 300)]);
    // Each cluster keeps the transition in force at 160: a's healthy of 100, b's of 150.
    expect(await again.pruneHistory(160)).toBe(1);
    expect(await again.transitionsSince(0)).toEqual([t('a', 100, 'healthy'), t('b', 150, 'healthy'), t('a', 200, 'degraded')]);
    expect(await again.eventsSince(0, 10)).toEqual([event('e1', 250, 4), event('e2', 300)]);
  });

  it("keeps version and image changes once each and each cluster's last look across a reopening, and prunes old changes", async () => {
    const store = await open();
    const change = (cluster: string, at: number, text: string) => ({ kind: 'version' as const, at, cluster, text });
    await store.appendFactChanges([change('a', 100, 'kube-apiserver v1.30.1 → v1.31.0'), change('b', 200, 'kube-apiserver v1.31.0 → v1.32.0')]);
    await store.appendFactChanges([change('a', 100, 'kube-apiserver v1.30.1 → v1.31.0'), change('a', 100, 'shop/web: new image 2 (was 1)')]);
    await store.saveClusterFacts([
      { cluster: 'a', body: '{"v":1}' },
      { cluster: 'b', body: '{"v":2}' },
    ]);
    await store.saveClusterFacts([{ cluster: 'a', body: '{"v":3}' }]);
    const again = await reopen(store);
    expect(await again.factChangesSince(0)).toEqual([
      change('a', 100, 'kube-apiserver v1.30.1 → v1.31.0'),
      change('a', 100, 'shop/web: new image 2 (was 1)'),
      change('b', 200, 'kube-apiserver v1.31.0 → v1.32.0'),
    ]);
    expect(await again.factChangesSince(150)).toEqual([change('b', 200, 'kube-apiserver v1.31.0 → v1.32.0')]);
    expect(await again.loadClusterFacts()).toEqual([
      { cluster: 'a', body: '{"v":3}' },
      { cluster: 'b', body: '{"v":2}' },
    ]);
    expect(await again.pruneHistory(150)).toBe(2);
    expect(await again.factChangesSince(0)).toEqual([change('b', 200, 'kube-apiserver v1.31.0 → v1.32.0')]);
    expect(await again.loadClusterFacts()).toHaveLength(2);
  });

  it('enqueues nothing of a flush when one notification cannot be kept (all or nothing)', async () => {
    const store = await open();
    await store.commitFlush([], [notification('n1', 100)]);
    const entry = { groupKey: 'g', receiver: 'chat', firing: ['a'], resolved: [], sentAt: 5 };
    await expect(store.commitFlush([entry], [notification('n2', 200), notification('n1', 100)])).rejects.toThrow();
    expect((await store.listNotifications({ limit: 10 })).map((i) => i.notification.id)).toEqual(['n1']);
    expect((await store.loadAlertState()).log).toEqual([]);
  });

  it('keeps silences newest end first, and inbound alerts replaced and deleted by key', async () => {
    const store = await open();
    const silence = (id: string, endsAt: number) => ({ id, matchers: [], startsAt: 0, endsAt, createdBy: 'ada', comment: 'c', updatedAt: 0 });
    await store.saveSilence(silence('s1', 100));
    await store.saveSilence(silence('s2', 200));
    await store.saveSilence({ ...silence('s1', 300), comment: 'longer' });
    expect(await store.listSilences()).toEqual([{ ...silence('s1', 300), comment: 'longer' }, silence('s2', 200)]);
    const inbound = (key: string, updatedAt: number) => ({
      key,
      alertmanagerFingerprint: key,
      labels: { alertname: key },
      annotations: {},
      generatorURL: '',
      startsAt: 0,
      endsAt: 10,
      timeout: false,
      updatedAt,
    });
    await store.saveInboundAlerts([inbound('a', 1), inbound('b', 1)], []);
    await store.saveInboundAlerts([inbound('a', 2)], ['b']);
    expect(await store.loadInboundAlerts()).toEqual([inbound('a', 2)]);
  });

  it('answers audit entries newest first, a page at a time, with ids that grow', async () => {
    const store = await open();
    for (const [i, action] of (['silence.created', 'silence.expired', 'token.revoked'] as const).entries())
      await store.appendAudit({ at: 1000 + i, action, actor: 'alice', method: 'token', from: '10.0.0.1', target: `t${i}`, detail: 'd' });
    const all = await store.listAudit({ limit: 10 });
    expect(all.map((e) => e.action)).toEqual(['token.revoked', 'silence.expired', 'silence.created']);
    expect(all[0]).toMatchObject({ at: 1002, actor: 'alice', method: 'token', from: '10.0.0.1', target: 't2', detail: 'd' });
    const older = await store.listAudit({ limit: 1, before: all[0]?.id });
    expect(older.map((e) => e.target)).toEqual(['t1']);
  });

  it('keeps a sign-in session across a reopening, replaces it, ends it, and prunes expired ones', async () => {
    const store = await open();
    await store.saveSession(session('a', 100));
    await store.saveSession(session('b', 50));
    const reopened = await reopen(store);
    expect(await reopened.loadSession('a')).toEqual(session('a', 100));
    await reopened.saveSession({ ...session('a', 200), groups: ['other'] });
    expect(await reopened.loadSession('a')).toMatchObject({ expiresAt: 200, groups: ['other'] });
    expect(await reopened.pruneSessions(60)).toBe(1);
    expect(await reopened.loadSession('b')).toBeNull();
    await reopened.deleteSession('a');
    expect(await reopened.loadSession('a')).toBeNull();
  });
});

describe('the leader lease', () => {
  it('the embedded file has one replica, which always leads and may write under its fence', async () => {
    const kind = sqliteKind();
    await kind.setUp();
    const store = await kind.open();
    const fence = await store.campaign('a', 1_000);
    expect(fence).toEqual({ holder: 'a', token: 1 });
    await store.commitFlush([], [notification('n1', 1)], fence ?? undefined);
    expect(await store.holdsFence({ holder: 'a', token: 1 })).toBe(true);
    await store.close();
    await kind.tearDown();
  });

  describe('on PostgreSQL', () => {
    const kind = postgresKind();
    const stores: Store[] = [];
    const open = async () => {
      const store = await kind.open();
      stores.push(store);
      return store;
    };
    beforeAll(() => kind.setUp(), 60_000);
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close();
      await kind.reset();
    });
    afterAll(() => kind.tearDown());

    it('is held by one replica at a time; another takes it only once it runs out, with a higher token', async () => {
      const [a, b] = [await open(), await open()];
      const first = await a.campaign('replica-a', 400);
      expect(first).toEqual({ holder: 'replica-a', token: 1 });
      expect(await b.campaign('replica-b', 400)).toBeNull();
      // Renewing keeps the token.
      expect(await a.campaign('replica-a', 400)).toEqual({ holder: 'replica-a', token: 1 });
      await new Promise((r) => setTimeout(r, 500));
      const second = await b.campaign('replica-b', 10_000);
      expect(second).toEqual({ holder: 'replica-b', token: 2 });
      expect(await a.campaign('replica-a', 400)).toBeNull();
      expect(await a.holdsFence({ holder: 'replica-a', token: 1 })).toBe(false);
      expect(await b.holdsFence({ holder: 'replica-b', token: 2 })).toBe(true);
    });

    it('refuses a write under a fence that no longer holds the lease, and keeps nothing of it', async () => {
      const [a, b] = [await open(), await open()];
      const old = await a.campaign('replica-a', 200);
      await new Promise((r) => setTimeout(r, 300));
      const current = await b.campaign('replica-b', 10_000);
      const entry = { groupKey: 'g', receiver: 'chat', firing: ['a'], resolved: [], sentAt: 5 };
      await expect(a.commitFlush([entry], [notification('late', 1)], old ?? undefined)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(a.commitScheduledRun('daily', 5, [notification('late-report', 1)], old ?? undefined)).rejects.toBeInstanceOf(LeaseLostError);
      expect(await b.listNotifications({ limit: 10 })).toEqual([]);
      expect((await b.loadAlertState()).log).toEqual([]);
      expect(await b.scheduleRuns()).toEqual(new Map());
      await b.commitFlush([entry], [notification('n1', 1)], current ?? undefined);
      expect((await a.listNotifications({ limit: 10 })).map((i) => i.notification.id)).toEqual(['n1']);
    });

    it('is given up on resign, so another replica takes it at its next try', async () => {
      const [a, b] = [await open(), await open()];
      await a.campaign('replica-a', 60_000);
      expect(await b.campaign('replica-b', 60_000)).toBeNull();
      await a.resign('replica-a');
      expect(await b.campaign('replica-b', 60_000)).toEqual({ holder: 'replica-b', token: 2 });
    });
  });
});
