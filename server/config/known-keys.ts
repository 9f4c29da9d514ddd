import { z } from 'zod';

/**
 * The keys a schema allows at a path of the document (`clusters`, 0,
 * `prometheus`), for "did you mean" on an unknown key. Wrappers (optional,
 * default, nullable, pipes) are looked through; a union offers the keys of
 * all its object options. Pure.
 */
export function keysAt(schema: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let here: z.core.$ZodType[] = [schema];
  for (const part of path) here = here.flatMap((s) => childOf(s, part));
  return [...new Set(here.flatMap(objectKeys))];
}

/** The schema itself under its wrappers; a union's options. */
function unwrapped(schema: z.core.$ZodType): z.core.$ZodType[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault)
    return unwrapped(schema.unwrap());
  if (schema instanceof z.ZodReadonly) return unwrapped(schema.unwrap());
  if (schema instanceof z.ZodPipe) return unwrapped(schema.in);
  if (schema instanceof z.ZodLazy) return unwrapped(schema.unwrap());
  if (schema instanceof z.ZodUnion) return schema.options.flatMap(unwrapped);
  return [schema];
}

function childOf(schema: z.core.$ZodType, part: PropertyKey): z.core.$ZodType[] {
  return unwrapped(schema).flatMap((s) => {
    if (s instanceof z.ZodObject && typeof part === 'string') {
      const child: unknown = s.shape[part];
      return child instanceof z.core.$ZodType ? [child] : [];
    }
    if (s instanceof z.ZodArray && typeof part === 'number') return [s.element];
    if (s instanceof z.ZodRecord) return [s.valueType];
    return [];
  });
}

function objectKeys(schema: z.core.$ZodType): string[] {
  return unwrapped(schema).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : []));
}
