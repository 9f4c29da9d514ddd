import { useEffect, useState } from 'react';
import type { CostHistory } from '../../../shared/reports/cost-history';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fetchJson } from '../common/fetch-json';
import { formatClock, formatMoney } from '../common/format';
import type { FleetView } from '../fleet-state';
import { isCostHistory } from './cluster-detail-model';
import { idleRows, namespaceBars } from './cost-model';
import { costTrend } from './cost-trend';

const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#edc948', '#76b7b2', '#ff9da7', '#9c755f', '#bab0ac'];

/** Days of stored cost the trend asks for. */
const HISTORY_DAYS = 30;

function useCostHistory(): { history: CostHistory | null; error: string | null } {
  const [state, setState] = useState<{ history: CostHistory | null; error: string | null }>({ history: null, error: null });
  useEffect(() => {
    const abort = new AbortController();
    void fetchJson(`/api/reports/cost/history?days=${HISTORY_DAYS}`, isCostHistory, abort.signal).then((r) => {
      if (!abort.signal.aborted) setState(r.ok ? { history: r.data, error: null } : { history: null, error: r.message });
    });
    return () => abort.abort();
  }, []);
  return state;
}

const formatDay = (t: number) => new Date(t).toISOString().slice(5, 10);

export function CostPage({ view }: { view: FleetView }) {
  const history = useCostHistory();
  const cost = view.reports.cost;
  if (!cost) return <p className="muted">No cost report from the server yet (it is computed from the federated kube-state-metrics series).</p>;
  const bars = namespaceBars(cost);
  const idle = idleRows(cost);
  const currency = cost.fleet[0]?.currency ?? 'USD';
  const trend = costTrend(history.history, view.costTrend, currency);
  // A single live point draws no line: show it as a dot.
  const liveDots = trend.rows.filter((r) => !r.stored).length < 2;
  const money = (v: unknown) => (typeof v === 'number' ? formatMoney(v, currency) : String(v));
  // The same missing input usually affects many clusters: one line per input, naming the clusters.
  const missing = new Map<string, string[]>();
  for (const c of cost.clusters)
    for (const m of c.missing) missing.set(`${m.input} missing — ${m.effect}`, [...(missing.get(`${m.input} missing — ${m.effect}`) ?? []), c.cluster]);
  return (
    <section data-testid="cost-page">
      <h1>Cost</h1>
      <div className="totals">
        {cost.fleet.map((f) => (
          <div key={f.currency} className="card">
            <strong>{formatMoney(f.assets.total * 730, f.currency)}</strong> node cost per month for {f.clusters} clusters ·{' '}
            {formatMoney(f.monthly, f.currency)} allocated · {formatMoney(f.idle.total * 730, f.currency)} idle · efficiency{' '}
            {f.efficiency === null ? 'n/a' : `${Math.round(f.efficiency * 100)} %`}
            {f.incomplete.length > 0 && <span className="muted"> · left out (cost unknown): {f.incomplete.join(', ')}</span>}
          </div>
        ))}
      </div>
      {[...missing].map(([text, clusters]) => (
        <p key={text} className="note">
          {text} ({clusters.join(', ')})
        </p>
      ))}
      <h2>Allocated per month, by namespace</h2>
      <div className="chart" data-testid="chart-namespaces">
        <ResponsiveContainer width="100%" height={320}>
          <BarChart data={bars.rows}>
            <CartesianGrid strokeDasharray="3 3" stroke="#333" />
            <XAxis dataKey="cluster" stroke="#aaa" />
            <YAxis stroke="#aaa" tickFormatter={money} width={90} />
            <Tooltip formatter={money} contentStyle={{ background: '#1d2430', border: 'none' }} />
            <Legend />
            {bars.keys.map((key, i) => (
              <Bar key={key} dataKey={key} stackId="ns" fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <h2>Node cost per month: allocated vs idle</h2>
      <div className="chart" data-testid="chart-idle">
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={idle}>
            <CartesianGrid strokeDasharray="3 3" stroke="#333" />
            <XAxis dataKey="cluster" stroke="#aaa" />
            <YAxis stroke="#aaa" tickFormatter={money} width={90} />
            <Tooltip formatter={money} contentStyle={{ background: '#1d2430', border: 'none' }} />
            <Legend />
            <Bar dataKey="allocated" stackId="a" fill="#4e79a7" isAnimationActive={false} />
            <Bar dataKey="idle" stackId="a" fill="#bab0ac" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <h2>Trend</h2>
      <p className="muted">
        Fleet node cost per month as recorded each day (last {HISTORY_DAYS} days, stored by the server), then at each report received while this page is open,
        with allocated and idle.
      </p>
      {history.error && <p className="banner">{history.error} — the trend shows only the reports received while this page is open.</p>}
      {!history.error && history.history && trend.storedDays < 2 && (
        <p className="note" data-testid="trend-short-history">
          Less than a day of cost history stored yet ({trend.storedDays === 0 ? 'no day recorded' : 'only one day recorded'}): the server records each cluster's
          node cost every 5 minutes, one value per UTC day.
        </p>
      )}
      <div className="chart" data-testid="chart-trend">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={trend.rows}>
            <CartesianGrid strokeDasharray="3 3" stroke="#333" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => (trend.spansDays ? formatDay(t) : formatClock(t))}
              stroke="#aaa"
            />
            <YAxis stroke="#aaa" tickFormatter={money} width={90} />
            <Tooltip
              formatter={money}
              labelFormatter={(t) => (typeof t === 'number' ? `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC` : t)}
              contentStyle={{ background: '#1d2430', border: 'none' }}
            />
            <Legend />
            <Line dataKey="assets" name="node cost" stroke="#4e79a7" dot={trend.storedDays > 0} isAnimationActive={false} />
            <Line dataKey="allocated" stroke="#59a14f" dot={liveDots} connectNulls={false} isAnimationActive={false} />
            <Line dataKey="idle" stroke="#bab0ac" dot={liveDots} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
