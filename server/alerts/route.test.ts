import { describe, expect, it } from 'vitest';
import { alertsConfig } from '../config/schema/alerts';
import { buildRoute, matchRoutes } from './route';

function routeOf(routes: unknown[]) {
  const config = alertsConfig.safeParse({
    route: { receiver: 'default', routes },
    receivers: ['default', 'db', 'eu'].map((name) => ({ name, type: 'webhook', url: 'http://127.0.0.1:1/x' })),
  });
  if (!config.success) return { ok: false as const, problems: config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  if (!config.data.route) throw new Error('route expected');
  return { ok: true as const, route: buildRoute(config.data.route) };
}

describe('route matchers (RE2, as Alertmanager)', () => {
  it('routes with (?i) and RE2 classes', () => {
    const built = routeOf([
      { matchers: ['alertname=~"(?i)postgres.*"'], receiver: 'db' },
      { matchers: ['cluster=~"[[:alpha:]]+-eu-\\\\d+"'], receiver: 'eu' },
    ]);
    if (!built.ok) throw new Error(built.problems.join('\n'));
    const receiver = (labels: Record<string, string>) => matchRoutes(built.route, labels).map((r) => r.receiver);
    expect(receiver({ alertname: 'PostgresDown', cluster: 'prod-us-1' })).toEqual(['db']);
    expect(receiver({ alertname: 'NodeNotReady', cluster: 'prod-eu-2' })).toEqual(['eu']);
    expect(receiver({ alertname: 'NodeNotReady', cluster: 'prod-eu-2b' })).toEqual(['default']);
  });

  it('refuses a lookahead in the config, naming the route and the matcher', () => {
    expect(routeOf([{ matchers: ['cluster=~"(?!dev).*"'], receiver: 'eu' }])).toEqual({
      ok: false,
      problems: [
        'route.routes.0.matchers.0: cluster: not a valid regular expression (RE2 syntax): invalid or unsupported Perl syntax: `(?!` (lookarounds and backreferences are not part of RE2 syntax, which Prometheus and Alertmanager use)',
      ],
    });
  });
});
