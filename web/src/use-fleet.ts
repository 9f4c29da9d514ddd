import { useEffect, useState } from 'react';
import { CLOSE_CODES, resumeQuery } from '../../shared/protocol';
import { applyMessage, INITIAL_VIEW, wentOffline, type FleetView } from './fleet-state';
import { parseServerMessage } from './parse-message';

/** No message (not even a heartbeat) for this long means the connection is dead even if TCP has not noticed. */
const SILENCE_MS = 15_000;

export interface FleetAccess {
  /** Connect only once the page may (the wall has exchanged its token; the desk knows who it works for). */
  readonly enabled: boolean;
  /** Asked when a connection could not be opened: whether to keep trying (false: access is refused, stop). */
  readonly stillAllowed: () => Promise<boolean>;
  /** The server closed the connection because its access was revoked (close code 4401); no reconnecting after it. */
  readonly accessLost: (detail: string) => void;
}

/**
 * Live fleet view over /ws. Reconnects on its own with back-off (0.5 s
 * doubling to 10 s) and resumes from the last applied sequence number, so a
 * short outage costs no snapshot; a gap in the sequence starts over with one.
 * Stops for good when the server revokes its access (close code 4401), or
 * when a connection that could not be opened turns out to be refused.
 */
export function useFleet(access: FleetAccess): FleetView {
  const [view, setView] = useState(INITIAL_VIEW);
  const { enabled, stillAllowed, accessLost } = access;
  useEffect(() => {
    if (!enabled) return;
    // The connection owns the authoritative view, so it can read seq and needsResync between renders.
    let current = INITIAL_VIEW;
    const update = (next: FleetView) => {
      current = next;
      setView(next);
    };
    let socket: WebSocket | null = null;
    let retryMs = 500;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let silenceTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const watchSilence = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => socket?.close(), SILENCE_MS);
    };
    const connect = () => {
      if (current.connection !== 'offline') update({ ...current, connection: 'connecting' });
      const query = current.instance && current.synced && !current.needsResync ? `?${resumeQuery(current.seq, current.instance)}` : '';
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${query}`);
      socket = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        retryMs = 500;
        watchSilence();
      };
      ws.onmessage = (event) => {
        watchSilence();
        const message = parseServerMessage(String(event.data));
        if (!message) return;
        update(applyMessage(current, message, Date.now()));
        if (current.needsResync) ws.close();
      };
      ws.onclose = (event) => {
        clearTimeout(silenceTimer);
        if (stopped || socket !== ws) return;
        if (event.code === CLOSE_CODES.revoked) {
          stopped = true;
          update(wentOffline(current, Date.now()));
          accessLost(event.reason || 'access revoked');
          return;
        }
        if (current.needsResync) {
          connect();
          return;
        }
        update(wentOffline(current, Date.now()));
        const retry = () => {
          retryTimer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, 10_000);
        };
        // A browser does not say why an upgrade failed: ask the REST API whether it was a refusal.
        if (opened) retry();
        else
          void stillAllowed().then((allowed) => {
            if (allowed && !stopped) retry();
            else stopped = true;
          });
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(silenceTimer);
      socket?.close();
    };
  }, [enabled, stillAllowed, accessLost]);
  return view;
}
