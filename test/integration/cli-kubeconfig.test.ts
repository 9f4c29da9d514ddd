import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { COMMAND, ROOT, runCommand } from '../helpers/command';
import { freePort } from './federation-helpers';

/**
 * The CLI the kubectl way: `--kubeconfig` and `--context` (and KUBECONFIG)
 * make the fleet without a config file; typos get a suggestion; `report`
 * says which clusters it is still waiting for and exits 5 when one could
 * not be read. The real CLI against simulated clusters, a dead one and a
 * slow one.
 */
// KUBECONFIG emptied: a test sets it when it means it, and the machine's own never leaks in.
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCommand(args, { env: { KUBECONFIG: '', ...env }, timeoutMs: 60_000 });

const csvClusters = (stdout: string): string[] =>
  stdout
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[0]!);

describe('fleetscope serve and report with --kubeconfig and --context', () => {
  let fleet: SimFleet;
  let extra: string;
  let slow: http.Server;

  beforeAll(async () => {
    fleet = await startSimFleet([
      { name: 'kc-a', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 1 },
      { name: 'kc-b', labels: {}, version: 'v1.31.2', nodes: 3, podsPerNode: 1 },
    ]);
    // A second kubeconfig, merged through KUBECONFIG: a cluster nothing listens on, and one that answers after 5 s.
    slow = http.createServer((_req, res) => setTimeout(() => res.writeHead(503).end('{"kind":"Status","code":503}'), 5000));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowPort = (slow.address() as { port: number }).port;
    const cluster = (name: string, server: string) => ({ name, cluster: { server } });
    extra = path.join(fleet.dir, 'extra-kubeconfig.yaml');
    writeFileSync(
      extra,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [cluster('dead', `http://127.0.0.1:${await freePort()}`), cluster('slow', `http://127.0.0.1:${slowPort}`)],
        users: [{ name: 'nobody', user: { token: 'x' } }],
        contexts: [
          { name: 'dead', context: { cluster: 'dead', user: 'nobody' } },
          { name: 'slow', context: { cluster: 'slow', user: 'nobody' } },
        ],
      }),
    );
  });

  afterAll(async () => {
    if (slow) {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
    await fleet?.close();
  });

  it('report: every context of --kubeconfig matching --context is a cluster, named after its context', async () => {
    const { code, stdout, stderr } = await cli(['report', 'health', '--format', 'csv', '--kubeconfig', fleet.kubeconfigPath, '--context', 'sim-kc-*']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(csvClusters(stdout)).toEqual(['sim-kc-a', 'sim-kc-b']);
    expect(stdout).toMatch(/^sim-kc-b,,healthy,3,3,v1\.31\.2,/m);
  });

  it('--context alone reads KUBECONFIG (merged, as kubectl merges it)', async () => {
    const { code, stdout } = await cli(['report', 'health', '--format', 'csv', '--context', 'sim-kc-b'], {
      KUBECONFIG: [fleet.kubeconfigPath, extra].join(path.delimiter),
    });
    expect(code).toBe(0);
    expect(csvClusters(stdout)).toEqual(['sim-kc-b']);
  });

  it('report exits 5 naming the clusters it could not read, prints the report all the same, and says whom it waits for', async () => {
    const { code, stdout, stderr } = await cli(['report', 'health', '--format', 'csv', '--context', '*'], {
      KUBECONFIG: [fleet.kubeconfigPath, extra].join(path.delimiter),
    });
    expect(code).toBe(5);
    expect(csvClusters(stdout).sort()).toEqual(['dead', 'sim-kc-a', 'sim-kc-b', 'slow']);
    expect(stderr).toMatch(/^fleetscope report: [23] of 4 clusters read after \d+ s; waiting for (dead, )?slow$/m);
    expect(stderr).toContain('fleetscope report: 2 of 4 clusters could not be read; the report is partial:\n');
    expect(stderr).toMatch(/^ {2}dead: kubernetes: .*ECONNREFUSED/m);
    expect(stderr).toMatch(/^ {2}slow: kubernetes: .*503/m);
  }, 90_000);

  it('--allow-partial: the same report, exit 0', async () => {
    const { code, stderr } = await cli(['report', 'health', '--format', 'csv', '--context', 'dead', '--allow-partial'], { KUBECONFIG: extra });
    expect(code).toBe(0);
    expect(stderr).toContain('fleetscope report: 1 of 1 clusters could not be read (--allow-partial); the report is partial:\n  dead: kubernetes: ');
  });

  it('serve: the contexts are the fleet, on the API', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [COMMAND, 'serve', '--kubeconfig', fleet.kubeconfigPath, '--context', 'sim-kc-a', '--port', String(port)], {
      cwd: ROOT,
      env: { ...process.env, KUBECONFIG: '', LOG_LEVEL: 'error' },
    });
    try {
      let clusters: string[] = [];
      for (let i = 0; i < 100 && !clusters.length; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const answer = await fetch(`http://127.0.0.1:${port}/api/reports/health`).catch(() => null);
        if (answer?.ok) clusters = ((await answer.json()) as { clusters: Array<{ cluster: string }> }).clusters.map((c) => c.cluster);
      }
      expect(clusters).toEqual(['sim-kc-a']);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('names what is wrong: a missing file, a context that matches nothing, a flag mistyped, --config with --kubeconfig', async () => {
    const missing = await cli(['report', 'health', '--kubeconfig', '/no/such/kubeconfig']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('kubeconfigClusters[0]: kubeconfig /no/such/kubeconfig: no such file');

    const nomatch = await cli(['report', 'health', '--kubeconfig', fleet.kubeconfigPath, '--context', 'sim-kc-c']);
    expect(nomatch.code).toBe(2);
    expect(nomatch.stderr).toContain(
      `kubeconfigClusters[0].contexts: no context of ${fleet.kubeconfigPath} matches "sim-kc-c" (did you mean "sim-kc-a"?) (known: sim-kc-a, sim-kc-b)`,
    );

    const typo = await cli(['report', 'health', '--kubconfig', fleet.kubeconfigPath]);
    expect(typo).toMatchObject({ code: 2, stdout: '', stderr: "unknown flag: --kubconfig (did you mean --kubeconfig?)\nSee 'fleetscope --help' for usage.\n" });

    const command = await cli(['reprot', 'health']);
    expect(command).toMatchObject({ code: 2, stderr: 'unknown command "reprot" (did you mean "report"?)\nSee \'fleetscope --help\' for usage.\n' });

    const kind = await cli(['report', 'helth']);
    expect(kind).toMatchObject({ code: 2, stderr: 'report needs one of health, cost, skew, hygiene, availability (got "helth"); did you mean "health"?\n' });

    const both = await cli(['report', 'health', '--config', 'config/fleet.example.yaml', '--kubeconfig', fleet.kubeconfigPath]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--kubeconfig and --context make the fleet without a config file');
  });

  it('check-config: a missing file is "no such file", a mistyped key gets the key it was meant to be', async () => {
    const missing = await cli(['check-config', '--config', '/no/such/fleet.yaml']);
    expect(missing).toMatchObject({
      code: 2,
      stderr: '/no/such/fleet.yaml: 1 problem(s):\n  /no/such/fleet.yaml: cannot read the config file: no such file\n',
    });
    const file = path.join(fleet.dir, 'typo.yaml');
    writeFileSync(file, 'clusters:\n  - name: a\n    prometheus: { url: "http://127.0.0.1:1/federate", intervl: 15s }\nalert:\n  receivers: []\n');
    const typo = await cli(['check-config', '--config', file]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('  clusters[0].prometheus.intervl: unknown key (did you mean "interval"?)\n');
    expect(typo.stderr).toContain('  alert: unknown key (did you mean "alerts"?)\n');
  });
});
