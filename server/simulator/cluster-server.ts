import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { renderFederate, renderMetrics } from './exposition';
import { buildCluster, type SimClusterModel, type SimClusterSpec } from './model';

/** One running simulated cluster: a Prometheus-like endpoint and a Kubernetes API endpoint. */
export interface SimCluster {
  readonly name: string;
  readonly model: SimClusterModel;
  /** http://127.0.0.1:PORT/federate */
  readonly federateUrl: string;
  /** http://127.0.0.1:PORT/metrics */
  readonly metricsUrl: string;
  /** Base URL of the Kubernetes API. */
  readonly apiUrl: string;
  readonly token: string;
  /** Cluster blackout: both endpoints stop accepting connections (connection refused) until turned off. */
  setBlackout(on: boolean): Promise<void>;
  close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function kubeStatus(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** An http.Server that can stop and resume listening on the same port. */
class Endpoint {
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(readonly server: http.Server, private readonly host: string) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }
  listen(port = this.port): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }
}

export async function startSimCluster(spec: SimClusterSpec, options: { host?: string } = {}): Promise<SimCluster> {
  const host = options.host ?? '127.0.0.1';
  const model = buildCluster(spec);
  const token = `sim-token-${spec.name}`;

  const prometheus = new Endpoint(
    http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(renderMetrics(model));
      } else if (path === '/federate') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(renderFederate(model, { nowMs: Date.now() }));
      } else if (path === '/-/healthy') {
        res.end('Prometheus Server is Healthy.\n');
      } else {
        res.writeHead(404).end('404 page not found\n');
      }
    }),
    host,
  );

  const [major, minor] = spec.version.replace(/^v/, '').split('.');
  const kube = new Endpoint(
    http.createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, kubeStatus(401, 'Unauthorized', 'Unauthorized'));
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/version') {
        return json(res, 200, {
          major,
          minor,
          gitVersion: spec.version,
          gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean',
          buildDate: '2026-01-01T00:00:00Z',
          goVersion: 'go1.22.2',
          compiler: 'gc',
          platform: 'linux/amd64',
        });
      }
      return json(res, 404, kubeStatus(404, 'NotFound', 'the server could not find the requested resource'));
    }),
    host,
  );

  await prometheus.listen();
  await kube.listen();
  let blackout = false;

  return {
    name: spec.name,
    model,
    token,
    federateUrl: `http://${host}:${prometheus.port}/federate`,
    metricsUrl: `http://${host}:${prometheus.port}/metrics`,
    apiUrl: `http://${host}:${kube.port}`,
    async setBlackout(on) {
      if (on === blackout) return;
      blackout = on;
      if (on) await Promise.all([prometheus.close(), kube.close()]);
      else await Promise.all([prometheus.listen(), kube.listen()]);
    },
    async close() {
      await Promise.all([prometheus.close(), kube.close()]);
    },
  };
}
