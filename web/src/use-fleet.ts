import { useEffect, useReducer } from 'react';
import type { ServerMessage } from '../../shared/protocol';
import { applyMessage, INITIAL_VIEW, type FleetView } from './fleet-state';

type Action = { kind: 'message'; message: ServerMessage; at: number } | { kind: 'offline' } | { kind: 'connecting' };

function reduce(view: FleetView, action: Action): FleetView {
  if (action.kind === 'message') return applyMessage(view, action.message, action.at);
  return { ...view, connection: action.kind };
}

/** Live fleet view over /ws; reconnects on its own with back-off (1 s doubling to 15 s). */
export function useFleet(): FleetView {
  const [view, dispatch] = useReducer(reduce, INITIAL_VIEW);
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retryMs = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      dispatch({ kind: 'connecting' });
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
      socket = new WebSocket(url);
      socket.onopen = () => {
        retryMs = 1000;
      };
      socket.onmessage = (event) => {
        dispatch({ kind: 'message', message: JSON.parse(String(event.data)) as ServerMessage, at: Date.now() });
      };
      socket.onclose = () => {
        if (stopped) return;
        dispatch({ kind: 'offline' });
        timer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 15_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, []);
  return view;
}
