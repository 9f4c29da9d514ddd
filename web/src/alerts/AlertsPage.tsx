import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AlertView, NotificationView, SilenceView } from '../../../shared/alerts';
import { formatMatchers, parseMatchers } from '../../../shared/matchers';
import { formatAge } from '../common/format';
import { fetchJson } from '../common/fetch-json';
import { Link } from '../router';
import { isAlertList, isNotificationList, isSilenceList, silenceMatchersFor, sortAlerts } from './alerts-model';

interface Loaded {
  alerts: AlertView[];
  silences: SilenceView[];
  notifications: NotificationView[];
  receivers: string[];
  error: string | null;
}

const POLL_MS = 5000;

/** Sends a JSON request; resolves to an error sentence or null. */
async function send(method: string, url: string, body?: unknown): Promise<string | null> {
  try {
    const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.ok) return null;
    const data: unknown = await response.json().catch(() => null);
    const problems = data && typeof data === 'object' && 'problems' in data && Array.isArray(data.problems) ? `: ${data.problems.join('; ')}` : '';
    const error = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : `HTTP ${response.status}`;
    return `${method} ${url}: ${error}${problems}`;
  } catch (e) {
    return `${method} ${url}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function useAlertData(): [Loaded, () => void] {
  const [loaded, setLoaded] = useState<Loaded>({ alerts: [], silences: [], notifications: [], receivers: [], error: null });
  const reload = useCallback(() => {
    void Promise.all([
      fetchJson('/api/alerts', isAlertList),
      fetchJson('/api/silences', isSilenceList),
      fetchJson('/api/notifications?limit=200', isNotificationList),
    ]).then(([a, s, n]) => {
      const errors = [a, s, n].flatMap((r) => (r.ok ? [] : [r.message]));
      setLoaded({
        alerts: a.ok ? sortAlerts(a.data.alerts) : [],
        silences: s.ok ? s.data.silences : [],
        notifications: n.ok ? n.data.notifications : [],
        receivers: n.ok ? n.data.receivers : [],
        error: errors.length ? errors.join('; ') : null,
      });
    });
  }, []);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return [loaded, reload];
}

/**
 * Alerts, silences and the notification outbox: silence an alert, expire a
 * silence, retry a failed notification — each action only when the caller's
 * role allows it (GET /api/me's `may`); a viewer sees the same tables without them.
 */
export function AlertsPage({ canSilence, canRetry }: { canSilence: boolean; canRetry: boolean }) {
  const [data, reload] = useAlertData();
  const [matchers, setMatchers] = useState('');
  const [hours, setHours] = useState('2');
  const [createdBy, setCreatedBy] = useState('');
  const [comment, setComment] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const now = Date.now();
  const failed = data.notifications.filter((n) => n.status === 'failed');
  const recent = data.notifications.filter((n) => n.status !== 'failed').slice(0, 20);

  const act = async (run: () => Promise<string | null>) => {
    const error = await run();
    setActionError(error);
    reload();
  };
  const createSilence = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseMatchers(matchers);
    if (!parsed.ok) return setActionError(parsed.message);
    const endsAt = new Date(Date.now() + Number(hours) * 3_600_000).toISOString();
    void act(async () => {
      const error = await send('POST', '/api/silences', {
        matchers: parsed.matchers,
        endsAt,
        createdBy: createdBy || 'fleetscope UI',
        comment: comment || 'silenced from the Alerts page',
      });
      if (!error) setMatchers('');
      return error;
    });
  };

  return (
    <section data-testid="alerts-page">
      <h1>Alerts</h1>
      {data.error && <p className="banner">{data.error}</p>}
      {actionError && (
        <p className="banner" data-testid="alerts-action-error">
          {actionError}
        </p>
      )}

      <h2>Failed notifications ({failed.length})</h2>
      {failed.length === 0 ? (
        <p className="muted">None: every notification was delivered or is still being tried.</p>
      ) : (
        <table className="grid-table" data-testid="failed-notifications">
          <thead>
            <tr>
              <th>receiver</th>
              <th>what</th>
              <th>clusters</th>
              <th>tries</th>
              <th>last error</th>
              <th>gave up</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {failed.map((n) => (
              <tr key={n.id} data-id={n.id}>
                <td>{n.receiver}</td>
                <td>
                  {n.notificationStatus} · {n.alertnames.join(', ')} ({n.counts.firing + n.counts.resolved})
                </td>
                <td>{n.clusters.join(', ')}</td>
                <td>{n.attempts}</td>
                <td>{n.lastError}</td>
                <td>{n.finishedAt ? `${formatAge(now - n.finishedAt)} ago` : ''}</td>
                <td>
                  {canRetry && (
                    <button type="button" onClick={() => void act(() => send('POST', `/api/notifications/${n.id}/retry`))}>
                      Retry
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Alerts ({data.alerts.filter((a) => a.state === 'firing').length} firing)</h2>
      <table className="grid-table" data-testid="alerts-table">
        <thead>
          <tr>
            <th>state</th>
            <th>alert</th>
            <th>cluster</th>
            <th>severity</th>
            <th>summary</th>
            <th>since</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.alerts.map((a) => (
            <tr key={a.fingerprint} data-alertname={a.labels.alertname} data-cluster={a.labels.cluster} data-state={a.state}>
              <td>{a.silencedBy.length > 0 ? `${a.state}, silenced` : a.state}</td>
              <td>{a.labels.alertname}</td>
              <td>{a.labels.cluster ? <Link to={`/clusters/${encodeURIComponent(a.labels.cluster)}`}>{a.labels.cluster}</Link> : ''}</td>
              <td>{a.labels.severity}</td>
              <td>{a.annotations.summary}</td>
              <td>{formatAge(now - a.startsAt)}</td>
              <td>
                {canSilence && a.state !== 'resolved' && (
                  <button type="button" onClick={() => setMatchers(silenceMatchersFor(a))}>
                    Silence…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Silences</h2>
      {!canSilence && (
        <p className="muted" data-testid="silences-read-only">
          Creating and expiring silences needs the operator role: ask a fleetscope admin for it.
        </p>
      )}
      {canSilence && (
        <form className="filters" onSubmit={createSilence} data-testid="silence-form">
          <label>
            matchers
            <input
              name="matchers"
              size={50}
              value={matchers}
              onChange={(e) => setMatchers(e.target.value)}
              placeholder='cluster="prod-eu", alertname="NodeNotReady"'
            />
          </label>
          <label>
            hours
            <input name="hours" type="number" min="0.25" step="0.25" value={hours} onChange={(e) => setHours(e.target.value)} />
          </label>
          <label>
            by
            <input name="createdBy" value={createdBy} onChange={(e) => setCreatedBy(e.target.value)} />
          </label>
          <label>
            comment
            <input name="comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <button type="submit">Create silence</button>
        </form>
      )}
      <table className="grid-table" data-testid="silences-table">
        <thead>
          <tr>
            <th>status</th>
            <th>matchers</th>
            <th>ends</th>
            <th>by</th>
            <th>comment</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.silences.map((s) => (
            <tr key={s.id} data-status={s.status}>
              <td>{s.problem ? `${s.status}, skipped` : s.status}</td>
              <td>
                <code>{formatMatchers(s.matchers)}</code>
                {s.problem && (
                  <p className="silence-problem" role="alert">
                    Mutes nothing: {s.problem}. Expire it and create it again with an RE2 regex.
                  </p>
                )}
              </td>
              <td>{new Date(s.endsAt).toLocaleString()}</td>
              <td>{s.createdBy}</td>
              <td>{s.comment}</td>
              <td>
                {canSilence && s.status !== 'expired' && (
                  <button type="button" onClick={() => void act(() => send('DELETE', `/api/silences/${s.id}`))}>
                    Expire
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Recent notifications</h2>
      <p className="muted">Receivers: {data.receivers.length ? data.receivers.join(', ') : 'none configured (alerts are shown here only)'}</p>
      <table className="grid-table compact" data-testid="recent-notifications">
        <thead>
          <tr>
            <th>when</th>
            <th>receiver</th>
            <th>what</th>
            <th>clusters</th>
            <th>delivery</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((n) => (
            <tr key={n.id}>
              <td>{formatAge(now - n.createdAt)} ago</td>
              <td>{n.receiver}</td>
              <td>
                {n.notificationStatus} · {n.alertnames.join(', ')}
              </td>
              <td>{n.clusters.join(', ')}</td>
              <td>{n.status === 'pending' ? (n.attempts === 0 ? 'queued' : `retrying (${n.attempts} tries): ${n.lastError ?? ''}`) : n.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
