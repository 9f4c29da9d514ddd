import type http from 'node:http';
import https from 'node:https';

/** Listens on `host:port` and answers with the URL it listens on (http://HOST:PORT, https:// for an HTTPS server). */
export async function listen(server: http.Server | https.Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`listening on ${host}:${port} gave no TCP address`);
  const scheme = server instanceof https.Server ? 'https' : 'http';
  return `${scheme}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}
