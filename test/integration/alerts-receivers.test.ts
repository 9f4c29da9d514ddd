import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { startChatServer, withTimeout, type Received } from './alerts-chat-server';

/*
 * Each platform's documented message shape, as far as fleetscope uses it:
 * Slack Block Kit (api.slack.com/reference/block-kit/blocks), Teams
 * Workflows webhook with an Adaptive Card (adaptivecards.io), Discord
 * execute-webhook embeds and their limits, Google Chat cardsV2, and
 * Alertmanager's webhook payload v4.
 */
const plainText = z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(150) });
const slack = z.object({
  text: z.string().min(1),
  blocks: z
    .array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('header'), block_id: z.string().max(255).optional(), text: plainText }),
        z.object({ type: z.literal('section'), text: z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(3000) }) }),
        z.object({
          type: z.literal('actions'),
          elements: z
            .array(z.object({ type: z.literal('button'), text: plainText, url: z.url() }))
            .min(1)
            .max(25),
        }),
        z.object({
          type: z.literal('context'),
          elements: z
            .array(z.object({ type: z.literal('mrkdwn'), text: z.string() }))
            .min(1)
            .max(10),
        }),
      ]),
    )
    .min(1)
    .max(50),
});
const teams = z.object({
  type: z.literal('message'),
  attachments: z
    .array(
      z.object({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        content: z.object({
          type: z.literal('AdaptiveCard'),
          version: z.string().regex(/^1\.\d$/),
          body: z.array(z.object({ type: z.enum(['TextBlock', 'FactSet']) })).min(1),
          actions: z.array(z.object({ type: z.literal('Action.OpenUrl'), title: z.string(), url: z.url() })),
        }),
      }),
    )
    .length(1),
});
const discord = z.object({
  embeds: z
    .array(
      z.object({
        title: z.string().min(1).max(256),
        description: z.string().max(4096),
        url: z.url(),
        color: z.number().int().min(0).max(0xffffff),
        timestamp: z.iso.datetime(),
        footer: z.object({ text: z.string().max(2048) }),
      }),
    )
    .min(1)
    .max(10),
});
const googleChat = z.object({
  cardsV2: z
    .array(
      z.object({
        cardId: z.string().min(1),
        card: z.object({
          header: z.object({ title: z.string().min(1), subtitle: z.string() }),
          sections: z.array(z.object({ widgets: z.array(z.record(z.string(), z.unknown())).min(1) })).min(1),
        }),
      }),
    )
    .min(1),
});
const webhookV4 = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.literal('hook'),
  groupLabels: z.record(z.string(), z.string()),
  commonLabels: z.record(z.string(), z.string()),
  commonAnnotations: z.record(z.string(), z.string()),
  externalURL: z.url(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: z.record(z.string(), z.string()),
        annotations: z.record(z.string(), z.string()),
        startsAt: z.iso.datetime(),
        endsAt: z.string(),
        generatorURL: z.string(),
        fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
      }),
    )
    .min(1),
});

const SECRET = 'T000-B000-s3cr3t';

describe('alerts to chat: every platform gets its documented shape', () => {
  let sim: SimFleet;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-alerts-'));
    chat = await startChatServer();
    sim = await startSimFleet(
      [
        { name: 'prod-eu', labels: { env: 'prod' }, version: 'v1.30.6', nodes: 3, podsPerNode: 2, crashLoopPods: 2 },
        { name: 'prod-us', labels: { env: 'prod' }, version: 'v1.30.6', nodes: 2, podsPerNode: 2 },
      ],
      { interval: '1s', prometheusOnly: true },
    );
    const urlFile = path.join(dir, 'discord-url');
    writeFileSync(urlFile, `${chat.url}/discord/${SECRET}\n`);
    const result = validateConfig({
      clusters: withTimeout(sim.configDocument().clusters, '800ms'),
      alerts: {
        evaluationInterval: '200ms',
        rules: {
          KubernetesReleaseEOL: { enabled: false },
          KubernetesReleaseNearEOL: { enabled: false },
          KubeletVersionSkew: { enabled: false },
          PodCrashLooping: { for: '0s' },
          ClusterUnreachable: { for: '1s' },
          ForwardClusterAlerts: { enabled: false },
        },
        route: {
          receiver: 'slack',
          group_by: ['alertname'],
          group_wait: '1s',
          group_interval: '2s',
          routes: ['slack', 'teams', 'discord', 'gchat', 'hook'].map((receiver) => ({ receiver, continue: true })),
        },
        receivers: [
          { name: 'slack', type: 'slack', url: `${chat.url}/slack/${SECRET}` },
          { name: 'teams', type: 'teams', url: `${chat.url}/teams/${SECRET}` },
          { name: 'discord', type: 'discord', url_file: urlFile },
          { name: 'gchat', type: 'googlechat', url: `${chat.url}/gchat/${SECRET}?key=k` },
          { name: 'hook', type: 'webhook', url: `${chat.url}/hook/${SECRET}` },
        ],
        delivery: { initialBackoff: '100ms' },
      },
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    app = await startTestServer({ config: result.config, storePath: path.join(dir, 'fleetscope.db') });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const byPlatform = (list: Received[], platform: string) => list.filter((r) => r.path.startsWith(`/${platform}/`));
  /** A chat message titled "[FIRING:1] ClusterUnreachable …", or a webhook payload with that status and alertname. */
  const about = (r: Received, alertname: string, status: string) => {
    const text = JSON.stringify(r.body);
    return (
      text.includes(alertname) &&
      (text.includes(`[${status.toUpperCase()}:`) || (text.includes(`"version":"4","groupKey"`) && text.includes(`"status":"${status}"`)))
    );
  };

  it('sends one firing message per platform naming the cluster, the count and a link back', async () => {
    await waitFor(
      'a crash-loop message on every platform',
      () => ['slack', 'teams', 'discord', 'gchat', 'hook'].every((p) => byPlatform(chat.accepted(), p).length > 0),
      20_000,
    );
    const first = (p: string) => byPlatform(chat.accepted(), p)[0]!;

    const s = slack.parse(first('slack').body);
    expect(s.text).toContain('[FIRING:2] PodCrashLooping — prod-eu');
    expect(JSON.stringify(s.blocks)).toContain('2 firing in 1 cluster: prod-eu');
    expect(JSON.stringify(s.blocks)).toContain(`${app.url}/alerts`);

    const t = teams.parse(first('teams').body);
    expect(JSON.stringify(first('teams').body)).toContain('[FIRING:2] PodCrashLooping — prod-eu');
    expect(t.attachments[0]?.content.actions[0]?.url).toBe(`${app.url}/alerts`);

    const d = discord.parse(first('discord').body);
    expect(d.embeds[0]?.title).toBe('[FIRING:2] PodCrashLooping — prod-eu');
    expect(d.embeds[0]?.color).toBe(0xd93f0b);

    const g = googleChat.parse(first('gchat').body);
    expect(g.cardsV2[0]?.card.header.title).toBe('[FIRING:2] PodCrashLooping — prod-eu');
    expect(first('gchat').query.get('key')).toBe('k');
    expect(first('gchat').query.get('messageId')).toMatch(/^client-[0-9a-f-]+$/);

    const hook = first('hook');
    const w = webhookV4.parse(hook.body);
    expect([w.status, w.groupLabels, w.commonLabels.cluster, w.alerts.length]).toEqual(['firing', { alertname: 'PodCrashLooping' }, 'prod-eu', 2]);
    expect(w.alerts.every((a) => a.endsAt === '0001-01-01T00:00:00Z' && a.annotations.link === `${app.url}/clusters/prod-eu`)).toBe(true);
    expect(hook.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends firing, then resolved, when a cluster goes dark and comes back; secrets stay out of logs and the API', async () => {
    const us = sim.clusters.find((c) => c.name === 'prod-us')!;
    await us.setBlackout(true);
    await waitFor(
      'ClusterUnreachable firing on every platform',
      () => ['slack', 'teams', 'discord', 'gchat', 'hook'].every((p) => byPlatform(chat.accepted(), p).some((r) => about(r, 'ClusterUnreachable', 'firing'))),
      30_000,
    );
    const alerts: { alerts: Array<{ labels: Record<string, string>; state: string }> } = await (await fetch(`${app.url}/api/alerts`)).json();
    expect(alerts.alerts.find((a) => a.labels.alertname === 'ClusterUnreachable')).toMatchObject({
      labels: { cluster: 'prod-us', severity: 'critical' },
      state: 'firing',
    });

    await us.setBlackout(false);
    await waitFor(
      'ClusterUnreachable resolved on every platform',
      () => ['slack', 'teams', 'discord', 'gchat', 'hook'].every((p) => byPlatform(chat.accepted(), p).some((r) => about(r, 'ClusterUnreachable', 'resolved'))),
      30_000,
    );
    const resolved = byPlatform(chat.accepted(), 'hook')
      .map((r) => webhookV4.parse(r.body))
      .find((w) => w.status === 'resolved')!;
    expect(resolved.alerts.map((a) => [a.labels.cluster, a.status])).toEqual([['prod-us', 'resolved']]);
    expect(Date.parse(resolved.alerts[0]!.endsAt)).toBeGreaterThan(Date.parse(resolved.alerts[0]!.startsAt));
    expect(JSON.stringify(byPlatform(chat.accepted(), 'discord').at(-1)?.body)).toContain(String(0x2da44e));

    // Each platform got each notification exactly once.
    for (const p of ['slack', 'teams', 'discord', 'gchat', 'hook']) expect(byPlatform(chat.received, p).length).toBe(byPlatform(chat.accepted(), p).length);
    expect(byPlatform(chat.accepted(), 'hook').length).toBe(3);

    const api = await (await fetch(`${app.url}/api/notifications`)).text();
    expect(JSON.parse(api).notifications.filter((n: { status: string }) => n.status === 'delivered')).toHaveLength(15);
    for (const text of [api, app.logs.join('\n'), await (await fetch(`${app.url}/api/alerts`)).text()]) expect(text).not.toContain(SECRET);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('fleetscope_notifications{status="delivered"} 15');
    expect(metrics).toContain('fleetscope_notification_attempts_total{receiver="teams",outcome="delivered"} 3');
  });
});
