import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../../shared/alerts';
import { formatMatchers, parseMatchers } from '../../../shared/matchers';
import { silenceMatchersFor, sortAlerts } from './alerts-model';

const alert = (labels: Record<string, string>, state: AlertView['state'], startsAt: number): AlertView => ({
  fingerprint: JSON.stringify(labels),
  labels,
  annotations: {},
  state,
  origin: 'rule',
  startsAt,
  endsAt: null,
  silencedBy: [],
});

describe('Alerts page model', () => {
  it('parses the matchers people type, commas inside quotes included, and writes them back', () => {
    const parsed = parseMatchers('cluster="prod-eu", alertname=~"Node.*|Pod,X", env!=dev');
    expect(parsed.ok && formatMatchers(parsed.matchers)).toBe('cluster="prod-eu", alertname=~"Node.*|Pod,X", env!="dev"');
    expect(parseMatchers('  ')).toEqual({ ok: false, message: 'give at least one matcher, e.g. cluster="prod-eu"' });
    expect(parseMatchers('prod-eu').ok).toBe(false);
  });

  it('proposes a silence for exactly one alert', () => {
    expect(silenceMatchersFor(alert({ alertname: 'NodeNotReady', cluster: 'prod-us', node: 'n1', severity: 'warning' }, 'firing', 0))).toBe(
      'alertname="NodeNotReady", cluster="prod-us", node="n1"',
    );
  });

  it('lists firing before pending before resolved, critical first, oldest first', () => {
    const sorted = sortAlerts([
      alert({ alertname: 'a', severity: 'warning' }, 'firing', 1),
      alert({ alertname: 'b', severity: 'critical' }, 'pending', 0),
      alert({ alertname: 'c', severity: 'critical' }, 'firing', 5),
      alert({ alertname: 'd', severity: 'warning' }, 'firing', 0),
    ]);
    expect(sorted.map((a) => a.labels.alertname)).toEqual(['c', 'd', 'a', 'b']);
  });
});
