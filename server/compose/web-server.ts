import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { clientCertRefusal } from '../auth/web-config/client-cert';
import { requestsClientCert, secureContextOptions } from '../auth/web-config/secure-context';
import type { WebConfigWatcher } from '../auth/web-config/watcher';
import type { Logger } from '../log';

export interface WebServerOptions {
  /** The express app: every route and the web app. */
  app: http.RequestListener;
  /** The web configuration file in force; absent or without tls_server_config: plain HTTP. */
  webConfig?: WebConfigWatcher | null;
  logger: Logger;
}

/**
 * The one server the app and the websocket (/ws, upgraded on the same
 * server) answer on: HTTPS when the web configuration file has
 * tls_server_config, else HTTP. The certificate, key, client CAs and the
 * client certificate policy follow the file as it changes, for every
 * connection after the change, with no restart.
 */
export function createWebServer(options: WebServerOptions): http.Server | https.Server {
  const { webConfig, logger } = options;
  let tls = webConfig?.current().tls ?? null;
  if (!webConfig || !tls) return http.createServer(options.app);

  // Node's own rejection would fix the policy for the server's lifetime: the certificate is asked for here and judged below.
  const server = https.createServer({ ...secureContextOptions(tls), requestCert: requestsClientCert(tls), rejectUnauthorized: false }, options.app);
  // Before the HTTP parser sees the connection.
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const refusal = tls && clientCertRefusal(socket, tls);
    if (!refusal) return;
    logger.warn({ remote: socket.remoteAddress, reason: refusal }, 'TLS connection refused: client certificate');
    socket.destroy();
  });
  const unsubscribe = webConfig.onChange((config) => {
    if (!config.tls) return;
    server.setSecureContext(secureContextOptions(config.tls));
    tls = config.tls;
  });
  server.once('close', unsubscribe);
  return server;
}
