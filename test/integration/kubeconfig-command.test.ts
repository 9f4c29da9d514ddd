import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { readRbacPolicy } from '../../server/simulator/kube/rbac-files';
import { COMMAND, ROOT } from '../helpers/command';

/**
 * `fleetscope kubeconfig add` through the real command: the file it writes is
 * one real kubectl reads, for spokes whose API servers authorize with
 * deploy/spoke (the token given is the hub's ServiceAccount's).
 */
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const run = promisify(execFile);
const rbac = {
  policy: readRbacPolicy(fileURLToPath(new URL('../../deploy/spoke', import.meta.url))),
  tokenServiceAccount: { namespace: 'fleetscope', name: 'fleetscope-hub' },
};

let fleet: SimFleet;
let dir: string;
let output: string;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}
const fleetscope = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> =>
  run(process.execPath, [COMMAND, 'kubeconfig', 'add', ...args], { cwd: ROOT, env: { ...process.env, KUBECONFIG: '', ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
const kubectl = async (context: string, ...args: string[]) =>
  (await run(KUBECTL, ['--kubeconfig', output, '--cache-dir', path.join(dir, 'kube-cache'), '--context', context, ...args], { timeout: 20_000 })).stdout;

beforeAll(async () => {
  fleet = await startSimFleet(
    [
      { name: 'ka-eu', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 1 },
      { name: 'ka-us', labels: {}, version: 'v1.30.6', nodes: 1, podsPerNode: 1 },
    ],
    { rbac },
  );
  dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-kubeconfig-add-'));
  output = path.join(dir, 'hub.kubeconfig');
  writeFileSync(path.join(dir, 'ka-eu.token'), `${fleet.clusters[0]!.token}\n`);
});

afterAll(async () => {
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fleetscope kubeconfig add', () => {
  it('writes a self-contained context from --server, --ca-file and --token-file that kubectl reads, owner-only', async () => {
    const eu = fleet.clusters[0]!;
    const added = await fleetscope([
      '--name',
      'prod-eu',
      '--server',
      eu.apiUrl,
      '--ca-file',
      fleet.caFile,
      '--token-file',
      path.join(dir, 'ka-eu.token'),
      '--output',
      output,
    ]);
    expect(added).toEqual({ code: 0, stdout: `wrote ${output}: context "prod-eu" (${eu.apiUrl}); 1 context(s): prod-eu\n`, stderr: '' });
    expect(statSync(output).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(output, 'utf8'))).toMatchObject({
      'current-context': 'prod-eu',
      users: [{ name: 'prod-eu', user: { token: eu.token } }],
      clusters: [{ name: 'prod-eu', cluster: { server: eu.apiUrl, 'certificate-authority-data': Buffer.from(eu.caPem).toString('base64') } }],
    });
    expect((await kubectl('prod-eu', 'get', 'nodes', '-o', 'name')).trim().split('\n')).toEqual(['node/ka-eu-node-000', 'node/ka-eu-node-001']);
  });

  it('copies a context of an existing kubeconfig (KUBECONFIG or --kubeconfig), merging, and replaces an entry of the same name', async () => {
    const copied = await fleetscope(['--from-context', 'sim-ka-us', '--name', 'prod-us', '--output', output], { KUBECONFIG: fleet.kubeconfigPath });
    expect(copied.code).toBe(0);
    expect(copied.stdout).toBe(`updated ${output}: context "prod-us" (${fleet.clusters[1]!.apiUrl}); 2 context(s): prod-eu, prod-us\n`);
    expect(copied.stderr).toContain('note: copied the credentials of user "sim-ka-us" of context "sim-ka-us"');
    expect((await kubectl('prod-us', 'get', 'nodes', '-o', 'name')).trim()).toBe('node/ka-us-node-000');

    // prod-eu again, from the fleet's kubeconfig this time, with the token file: still two contexts, both working.
    const again = await fleetscope([
      '--from-context',
      'sim-ka-eu',
      '--kubeconfig',
      fleet.kubeconfigPath,
      '--name',
      'prod-eu',
      '--token-file',
      path.join(dir, 'ka-eu.token'),
      '--output',
      output,
    ]);
    expect(again).toMatchObject({ code: 0, stderr: '', stdout: expect.stringContaining('2 context(s): prod-us, prod-eu') });
    expect(statSync(output).mode & 0o777).toBe(0o600);
    expect((await kubectl('prod-eu', 'get', 'nodes', '-o', 'name')).trim().split('\n')).toHaveLength(2);
    expect((await kubectl('prod-us', 'get', '--raw', '/version')).includes('v1.30.6')).toBe(true);
  });

  it('says which file is missing, which URL is bad and which contexts there are', async () => {
    const missing = path.join(dir, 'nope.crt');
    const token = path.join(dir, 'ka-eu.token');
    expect(
      await fleetscope(['--name', 'x', '--server', 'https://10.0.0.1:6443', '--ca-file', missing, '--token-file', token, '--output', path.join(dir, 'x')]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`--ca-file: no such file: ${missing}`),
    });
    expect(
      await fleetscope(['--name', 'x', '--server', 'api.example.com', '--ca-file', fleet.caFile, '--token-file', token, '--output', path.join(dir, 'x')]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--server: not a URL: "api.example.com" (e.g. https://api.prod-eu.example.com:6443)'),
    });
    expect(await fleetscope(['--from-context', 'prod-ap', '--kubeconfig', fleet.kubeconfigPath, '--output', path.join(dir, 'x')])).toMatchObject({
      code: 2,
      stderr: `--from-context: no context "prod-ap" in ${fleet.kubeconfigPath}; the contexts there: sim-ka-eu, sim-ka-us\n`,
    });
    expect(await fleetscope(['--from-context', 'sim-ka-eu', '--kubeconfig', missing, '--output', path.join(dir, 'x')])).toMatchObject({
      code: 2,
      stderr: `--kubeconfig: no such file: ${missing}\n`,
    });
    expect(
      await fleetscope(['--name', 'x', '--server', 'https://10.0.0.1:6443', '--ca-file', fleet.caFile, '--token-file', token, '--output', fleet.caFile]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`--output: ${fleet.caFile} is not a kubeconfig`),
    });
  });
});
