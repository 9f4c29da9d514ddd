import { tokenEntry } from '../config/schema/auth';
import { newToken } from './tokens';

export interface TokenCommandOptions {
  /** `create`. */
  action: string | undefined;
  name: string | undefined;
  role: string | undefined;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

const USAGE = 'usage: fleetscope token create --name NAME --role viewer|operator|admin';

/**
 * `fleetscope token create --name lobby-tv --role viewer`: a new bearer
 * token, printed this once, and the entry to put under auth.tokens (or in
 * the tokens file) holding only its hash. Exit code 0, or 2 for bad usage.
 */
export function runTokenCommand(options: TokenCommandOptions): number {
  const { out, err } = options;
  if (options.action !== 'create') {
    err.write(`${options.action === undefined ? 'token: which action?' : `token: unknown action "${options.action}"`}\n${USAGE}\n`);
    return 2;
  }
  const name = tokenEntry.shape.name.safeParse(options.name);
  const role = tokenEntry.shape.role.safeParse(options.role);
  const problems = [
    ...(options.name === undefined ? ['--name: is required (e.g. --name lobby-tv)'] : name.success ? [] : [`--name: ${name.error.issues[0]?.message}`]),
    ...(options.role === undefined ? ['--role: is required'] : role.success ? [] : [`--role: ${role.error.issues[0]?.message}`]),
  ];
  if (!name.success || !role.success) {
    err.write(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const { token, hash } = newToken();
  out.write(
    [
      `Token ${name.data} (${role.data}), shown only this once; fleetscope keeps only its hash:`,
      '',
      `  ${token}`,
      '',
      'Put this entry under auth.tokens in the config, or as an entry of the tokens file (auth.tokensFile):',
      '',
      `  - { name: ${name.data}, role: ${role.data}, hash: "${hash}" }`,
      '',
    ].join('\n'),
  );
  return 0;
}
