import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBuildInfo } from './build-info';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('the build fleetscope says it is', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const install = (files: Record<string, string>): string => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-build-'));
    dirs.push(root);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fleetscope', version: '1.4.2' }));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  };

  it("is the package's version and the checkout's commit and branch, loose or packed", () => {
    const loose = install({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${A}\n` });
    expect(readBuildInfo(loose, {})).toEqual({ version: '1.4.2', revision: A, branch: 'main', nodeVersion: process.version });
    const packed = install({
      '.git/HEAD': 'ref: refs/heads/release/1.4\n',
      '.git/packed-refs': `# pack-refs\n${A} refs/heads/main\n${B} refs/heads/release/1.4\n`,
    });
    expect(readBuildInfo(packed, {})).toMatchObject({ revision: B, branch: 'release/1.4' });
    const detached = install({ '.git/HEAD': `${B}\n` });
    expect(readBuildInfo(detached, {})).toMatchObject({ revision: B, branch: 'HEAD' });
  });

  it('takes FLEETSCOPE_REVISION first, and says unknown outside a checkout', () => {
    const image = install({});
    expect(readBuildInfo(image, {})).toMatchObject({ revision: 'unknown', branch: 'unknown' });
    expect(readBuildInfo(image, { FLEETSCOPE_REVISION: ` ${A} ` })).toMatchObject({ revision: A });
  });
});
