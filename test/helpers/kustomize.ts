import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './command';

/** The overlays under deploy/overlays that kustomize can build (those with a kustomization.yaml), by folder name. */
export function kustomizeOverlays(): string[] {
  const dir = path.join(ROOT, 'deploy/overlays');
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'kustomization.yaml')))
    .sort();
}

/** `kubectl kustomize deploy/overlays/NAME` (offline: kustomize reads only the folder), as the objects it prints. */
export function renderOverlay(name: string): unknown[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(ROOT, 'deploy/overlays', name)], { encoding: 'utf8', timeout: 60_000 });
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`kubectl kustomize ${name} printed YAML that does not parse: ${doc.errors[0]?.message}`);
    return doc.toJS();
  });
}
