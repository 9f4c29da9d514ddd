import type http from 'node:http';
import type https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** An HTTP(S) server that can stop and resume listening on the same port (a blackout). */
export class Endpoint {
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    readonly server: http.Server | https.Server,
    private readonly host: string,
  ) {
    const track = (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    };
    server.on('connection', track);
  }

  listen(port = this.port): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address && typeof address === 'object') this.port = (address satisfies AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops listening and drops every open connection (open watches included). */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }
}
