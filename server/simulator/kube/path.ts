/** The value at a dotted path (`status.nodeInfo.kubeletVersion`) of a JSON object; undefined when any step is missing. */
export function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const part of dotted.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = Reflect.get(current, part);
  }
  return current;
}

/** The string, number or boolean at a dotted path as `String()` writes it; undefined when missing, null or not a scalar. */
export function textAt(value: unknown, dotted: string): string | undefined {
  const found = at(value, dotted);
  return typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean' ? String(found) : undefined;
}
