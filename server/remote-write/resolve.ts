import { readFileSync } from 'node:fs';
import type { RemoteWriteConfig } from '../config/schema/remote-write';
import { readFailure } from '../read-failure';

/**
 * The remote-write secret and TLS files that cannot be read at start, each with its
 * config path; the files are read again at every send (a rotated token is
 * picked up), so this only catches a wrong path early. Never the secret itself.
 */
export function remoteWriteProblems(configs: readonly RemoteWriteConfig[]): string[] {
  const problems: string[] = [];
  configs.forEach((config, i) => {
    const files: Array<[string, string | undefined]> = [
      ['tokenFile', config.tokenFile],
      ['basicAuth.passwordFile', config.basicAuth?.passwordFile],
      ['tls.caFile', config.tls?.caFile],
      ['tls.certFile', config.tls?.certFile],
      ['tls.keyFile', config.tls?.keyFile],
    ];
    for (const [key, file] of files) {
      if (file === undefined) continue;
      try {
        readFileSync(file);
      } catch (error) {
        problems.push(`remoteWrite[${i}].${key}: cannot read ${file}: ${readFailure(error)}`);
      }
    }
  });
  return problems;
}
