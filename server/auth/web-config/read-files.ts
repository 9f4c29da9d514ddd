import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { errorCode, readFailure } from '../../read-failure';

/**
 * One file a web configuration was read from (the file itself, a
 * certificate, a key, a CA bundle) and a digest of what it held, so that a
 * watcher can tell when any of them changed without keeping their contents.
 */
export interface WebConfigInput {
  readonly path: string;
  /** SHA-256 of the bytes read, or `error:CODE` when it could not be read. */
  readonly digest: string;
}

export type ReadOutcome = { ok: true; bytes: Buffer } | { ok: false; message: string };

/** Reads files and remembers what each held: the inputs of one attempt to read a web configuration. */
export class InputReader {
  private readonly read: WebConfigInput[] = [];

  readFile(path: string): ReadOutcome {
    try {
      const bytes = readFileSync(path);
      this.read.push({ path, digest: createHash('sha256').update(bytes).digest('hex') });
      return { ok: true, bytes };
    } catch (error) {
      const code = errorCode(error) ?? 'unknown';
      this.read.push({ path, digest: `error:${code}` });
      return { ok: false, message: readFailure(error) };
    }
  }

  inputs(): readonly WebConfigInput[] {
    return [...this.read];
  }
}

/** Whether any of the inputs holds something else now (or can be read now, or no longer). */
export function inputsChanged(inputs: readonly WebConfigInput[]): boolean {
  const now = new InputReader();
  for (const input of inputs) now.readFile(input.path);
  return now.inputs().some((input, index) => input.digest !== inputs[index]?.digest);
}
