import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol';

/** A real websocket client that records every message the server sends. */
export async function connectWs(url: string): Promise<{ messages: ServerMessage[]; socket: WebSocket; close: () => void }> {
  const socket = new WebSocket(url);
  const messages: ServerMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { messages, socket, close: () => socket.close() };
}
