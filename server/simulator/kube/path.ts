/** The value at a dotted path (`status.nodeInfo.kubeletVersion`) of a JSON object; undefined when any step is missing. */
export function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const part of dotted.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = Reflect.get(current, part);
  }
  return current;
}
