import { useEffect, useState } from 'react';
import { resumeQuery } from '../../shared/protocol';
import { applyMessage, INITIAL_VIEW, wentOffline, type FleetView } from './fleet-state';
import { parseServerMessage } from './parse-message';

/** No message (not even a heartbeat) for this long means the connection is dead even if TCP has not noticed. */
const SILENCE_MS = 15_000;

/**
 * Live fleet view over /ws. Reconnects on its own with back-off (0.5 s
 * doubling to 10 s) and resumes from the last applied sequence number, so a
 * short outage costs no snapshot; a gap in the sequence starts over with one.
 */
export function useFleet(): FleetView {
  const [view, setView] = useState(INITIAL_VIEW);
  useEffect(() => {
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
      ws.onopen = () => {
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
      ws.onclose = () => {
        clearTimeout(silenceTimer);
        if (stopped || socket !== ws) return;
        if (current.needsResync) {
          connect();
          return;
        }
        update(wentOffline(current, Date.now()));
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 10_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(silenceTimer);
      socket?.close();
    };
  }, []);
  return view;
}
