/**
 * Why a file could not be read, in the words a user acts on: "no such file",
 * "permission denied", "is a folder, not a file"; any other failure by its
 * code (EIO, ELOOP, …). Every file the config points at (the config itself,
 * kubeconfigs, token files, secret files, TLS files) is reported this way.
 */
const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
};

/** The error's system code (ENOENT, EACCES, …), or null when it has none. */
export function errorCode(error: unknown): string | null {
  return error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : null;
}

export function readFailure(error: unknown): string {
  const code = errorCode(error);
  if (code === null) return error instanceof Error ? error.message : String(error);
  return READ_FAILURES[code] ?? `cannot be read (${code})`;
}
