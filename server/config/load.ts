import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from '../did-you-mean';
import { readFailure } from '../read-failure';
import { keysAt } from './known-keys';
import { crossCheck, fleetscopeConfig, type FleetscopeConfig } from './schema/root';

export type ConfigResult = { ok: true; config: Readonly<FleetscopeConfig> } | { ok: false; problems: string[] };

/** `clusters[2].prometheus.url` from ['clusters', 2, 'prometheus', 'url']. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

/**
 * One zod issue in words, with its path (`clusters[2].name` and `unknown
 * key`); one entry per unknown key, with the key it was probably meant to be
 * when `schema` (the document's) is given.
 */
export function describeIssue(issue: z.core.$ZodIssue, schema?: z.core.$ZodType): { path: string; message: string }[] {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = schema ? keysAt(schema, issue.path) : [];
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown key${didYouMean(key, known)}` }));
    }
    case 'invalid_type': {
      if (issue.input === undefined) return [{ path: formatPath(issue.path), message: 'is required' }];
      const expected = issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
      // A schema-specific message ("must be a duration like 15s") beats zod's generic one.
      const what = issue.message.startsWith('Invalid input') ? `must be ${expected}` : issue.message;
      return [{ path: formatPath(issue.path), message: `${what} (got ${typeName(issue.input)})` }];
    }
    // The other kinds (too_small, invalid_value, custom, …) say what is wrong in their own message, the schema's or zod's.
    default:
      return [{ path: formatPath(issue.path), message: issue.message }];
  }
}

/** Every problem of a failed zod parse of a document of `schema`, each with its path, as the config's own problems are worded. */
export function zodProblems(error: z.ZodError, schema?: z.core.$ZodType): string[] {
  return error.issues.flatMap((issue) => describeIssue(issue, schema)).map((p) => `${p.path}: ${p.message}`);
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Validates an already-parsed document; every problem is listed, each with its path. */
export function validateConfig(document: unknown): ConfigResult {
  const parsed = fleetscopeConfig.safeParse(document, { reportInput: true });
  const problems = [
    ...(parsed.success ? [] : zodProblems(parsed.error, fleetscopeConfig)),
    ...crossCheck(document).map((p) => `${formatPath(p.path)}: ${p.message}`),
  ];
  if (parsed.success && problems.length === 0) return { ok: true, config: deepFreeze(parsed.data) };
  return { ok: false, problems };
}

/** Parses YAML (or JSON, which is YAML) text and validates it. */
export function parseConfigText(text: string, source: string): ConfigResult {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message : String(error);
    return { ok: false, problems: [`${source}: not valid YAML: ${detail}`] };
  }
  if (document === null || document === undefined) return { ok: false, problems: [`${source}: the file is empty`] };
  return validateConfig(document);
}

export async function loadConfigFile(path: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`${path}: cannot read the config file: ${readFailure(error)}`] };
  }
  return parseConfigText(text, path);
}
