import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tokenHash } from '../../server/auth/tokens';
import type { Role } from '../../server/auth/types';

interface Entry {
  name: string;
  role: Role;
  token: string;
}

/**
 * A real tokens file (auth.tokensFile) for tests of the wall token flow:
 * written with the tokens' hashes, as `fleetscope token create` prints them;
 * revoking deletes a token's line, replacing gives the name a new token, as
 * an admin editing the file would. fleetscope sees each change within a
 * second (it watches the file).
 */
export function testTokensFile(
  dir: string,
  entries: readonly Entry[],
): { file: string; revoke(name: string): void; replace(name: string, token: string): void } {
  const file = path.join(dir, 'tokens.yaml');
  let current = [...entries];
  const write = () => writeFileSync(file, current.map((e) => `- { name: ${e.name}, role: ${e.role}, hash: "${tokenHash(e.token)}" }\n`).join('') || '[]\n');
  write();
  return {
    file,
    revoke(name) {
      current = current.filter((e) => e.name !== name);
      write();
    },
    replace(name, token) {
      current = current.map((e) => (e.name === name ? { ...e, token } : e));
      write();
    },
  };
}
