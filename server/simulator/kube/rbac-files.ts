import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { rbacPolicyOf } from './rbac-objects';
import type { RbacPolicy } from './rbac';

/**
 * The objects of a kustomization folder (its `resources:` files, in order),
 * read as they are written: the folder must not rely on transformers
 * (namespace, namePrefix, patches), which this reader does not apply.
 */
export function readKustomizationObjects(dir: string): unknown[] {
  const kustomization: unknown = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'));
  const resources: unknown = kustomization !== null && typeof kustomization === 'object' ? Reflect.get(kustomization, 'resources') : undefined;
  if (!Array.isArray(resources)) throw new Error(`${dir}/kustomization.yaml: no resources list`);
  return resources.flatMap((file: unknown) => {
    if (typeof file !== 'string') throw new Error(`${dir}/kustomization.yaml: resources must be file names`);
    const objects: unknown[] = parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((doc) => {
      const object: unknown = doc.toJS();
      return object;
    });
    return objects.filter((object) => object !== null);
  });
}

/** The RBAC policy of a kustomization folder (e.g. deploy/spoke), on top of the bootstrap discovery grant. */
export function readRbacPolicy(dir: string): RbacPolicy {
  return rbacPolicyOf(readKustomizationObjects(dir));
}
