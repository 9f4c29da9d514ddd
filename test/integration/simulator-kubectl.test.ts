import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { waitFor } from '../helpers/server';

/**
 * Real kubectl binaries (the newest and the oldest on the machine) against the
 * simulated API server: if they print what they print for a real cluster,
 * the simulator speaks the protocol.
 */
const KUBECTLS = ['/usr/lib/google-cloud-sdk/bin/kubectl.1.33', '/usr/lib/google-cloud-sdk/bin/kubectl.1.27'];
const run = promisify(execFile);

let fleet: SimFleet;
// Its own discovery cache, so no run depends on another's (or on ~/.kube).
const common = () => ['--kubeconfig', fleet.kubeconfigPath, '--cache-dir', path.join(fleet.dir, 'kube-cache')];

beforeAll(async () => {
  fleet = await startSimFleet([
    {
      name: 'kc-prod',
      labels: { region: 'eu-west-1' },
      version: 'v1.30.6',
      nodes: 3,
      podsPerNode: 2,
      notReadyNodes: 1,
      crashLoopPods: 1,
      kubeletOverrides: { 2: 'v1.27.3' },
    },
    { name: 'kc-dev', labels: { region: 'us-east-1' }, version: 'v1.32.0', nodes: 1, podsPerNode: 1, dualStack: true },
  ]);
});

afterAll(async () => {
  await fleet?.close();
});

describe.each(KUBECTLS)('%s', (kubectl) => {
  const kc = async (...args: string[]) => (await run(kubectl, [...common(), '--context', 'sim-kc-prod', ...args], { timeout: 20_000 })).stdout;

  it('get --raw /version answers the control-plane version', async () => {
    const version = JSON.parse(await kc('get', '--raw', '/version')) as { gitVersion: string; major: string; minor: string };
    expect(version).toMatchObject({ gitVersion: 'v1.30.6', major: '1', minor: '30' });
  });

  it("get nodes -o jsonpath shows each cluster's own pod CIDRs, both families on a dual-stack cluster", async () => {
    const podCidrs = async (context: string) =>
      (
        await run(kubectl, [...common(), '--context', context, 'get', 'nodes', '-o', 'jsonpath={range .items[*]}{.spec.podCIDRs}{"\\n"}{end}'], {
          timeout: 20_000,
        })
      ).stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as string[]);
    const prod = await podCidrs('sim-kc-prod');
    const dev = await podCidrs('sim-kc-dev');
    expect(prod).toHaveLength(3);
    expect(new Set(prod.flat()).size).toBe(3);
    // One /16 per cluster: the prod nodes' /24s share their second octet, which is not dev's.
    const octet = (cidr: string) => cidr.split('.')[1];
    expect(new Set(prod.flat().map(octet)).size).toBe(1);
    expect(dev).toEqual([[expect.stringMatching(/^10\.\d+\.0\.0\/24$/), expect.stringMatching(/^fd00:/)]]);
    expect(octet(dev[0]![0]!)).not.toBe(octet(prod[0]![0]!));
  });

  it('get nodes -o wide shows status, kubelet version, IP, OS image and runtime per node', async () => {
    const lines = (await kc('get', 'nodes', '-o', 'wide')).trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    const rows = lines.slice(1).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['kc-prod-node-000', 'NotReady', 'v1.30.6'],
      ['kc-prod-node-001', 'Ready', 'v1.30.6'],
      ['kc-prod-node-002', 'Ready', 'v1.27.3'],
    ]);
    expect(rows[1]![5]).toBe(fleet.clusters[0]!.model.nodes[1]!.internalIP);
    expect(rows[1]!.slice(7)).toEqual(['Ubuntu 22.04.4 LTS', '6.1.0-18-cloud-amd64', 'containerd://1.7.13']);
  });

  it('describe node shows its conditions, versions, pods and its NodeNotReady event', async () => {
    const out = await kc('describe', 'node', 'kc-prod-node-000');
    expect(out).toMatch(/^Name:\s+kc-prod-node-000$/m);
    expect(out).toMatch(/^\s+Ready\s+Unknown\s.*NodeStatusUnknown\s+Kubelet stopped posting node status\.$/m);
    expect(out).toMatch(/^\s+Kubelet Version:\s+v1\.30\.6$/m);
    expect(out).toMatch(/^Non-terminated Pods:\s+\(2 in total\)$/m);
    expect(out).toMatch(/^\s+Normal\s+NodeNotReady\s+\S+\s+node-controller\s+Node kc-prod-node-000 status is now: NodeNotReady$/m);
  });

  it('get pods -A lists every pod with its namespace and a CrashLoopBackOff', async () => {
    const lines = (await kc('get', 'pods', '-A')).trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    const pods = fleet.clusters[0]!.model.pods;
    expect(lines).toHaveLength(pods.length + 1);
    for (const pod of pods) expect(lines.some((l) => l.startsWith(`${pod.namespace} `) && l.includes(` ${pod.name} `))).toBe(true);
    const crashing = lines.filter((l) => l.includes('CrashLoopBackOff'));
    expect(crashing).toHaveLength(1);
    expect(crashing[0]).toMatch(/\s0\/1\s+CrashLoopBackOff\s+\d+\s/);
  });

  it('get events -A shows events created through the control API', async () => {
    const cluster = fleet.clusters[0]!;
    const reason = `Probe${kubectl.slice(-2)}`;
    cluster.kube.createEvent({
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'payments' },
      reason,
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      type: 'Warning',
    });
    cluster.kube.createEvent({
      namespace: 'default',
      involvedObject: { kind: 'Node', name: 'kc-prod-node-000' },
      reason: 'NodeNotReady',
      message: 'Node kc-prod-node-000 status is now: NodeNotReady',
      style: 'events.k8s.io',
      reportingController: 'node-controller',
    });
    const out = await kc('get', 'events', '-A');
    expect(out.split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(out).toMatch(new RegExp(`payments\\s+\\d+s\\s+Warning\\s+${reason}\\s+pod/api-1\\s+Readiness probe failed: HTTP probe failed with statuscode: 503`));
    expect(out).toMatch(/default\s+\d+s\s+Normal\s+NodeNotReady\s+node\/kc-prod-node-000\s+Node kc-prod-node-000 status is now: NodeNotReady/);
  });

  it('get events -A --watch prints an event created after it started', async () => {
    const cluster = fleet.clusters[0]!;
    const child = spawn(kubectl, [...common(), '--context', 'sim-kc-prod', 'get', 'events', '-A', '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const watchesBefore = cluster.kube.requests.filter((r) => r.watch).length;
      await waitFor('kubectl to start watching', () => cluster.kube.requests.filter((r) => r.watch).length > watchesBefore, 15_000);
      const reason = `LateEvent${kubectl.slice(-2)}`;
      cluster.kube.createEvent({
        namespace: 'checkout',
        involvedObject: { kind: 'Pod', name: 'web-7', namespace: 'checkout' },
        reason,
        message: 'created after the watch started',
        type: 'Warning',
      });
      const line = await waitFor("the new event on kubectl's output", () => out.split('\n').find((l) => l.includes(reason)), 15_000);
      expect(line).toMatch(new RegExp(`^checkout\\s+\\d+s\\s+Warning\\s+${reason}\\s+pod/web-7\\s+created after the watch started`));
    } finally {
      child.kill();
    }
  });

  it('get nodes -l reads the selectors of the Kubernetes labels documentation as fleetscope does', async () => {
    const nodes = async (selector: string) => (await kc('get', 'nodes', '-l', selector, '-o', 'name')).trim().split('\n').filter(Boolean);
    const all = ['node/kc-prod-node-000', 'node/kc-prod-node-001', 'node/kc-prod-node-002'];
    expect(await nodes('topology.kubernetes.io/zone = eu-west-1a')).toEqual([all[0]]);
    expect(await nodes('topology.kubernetes.io/zone != eu-west-1a')).toEqual([all[1], all[2]]);
    expect(await nodes('topology.kubernetes.io/zone in (eu-west-1a, eu-west-1c)')).toEqual([all[0], all[2]]);
    expect(await nodes('topology.kubernetes.io/zone notin (eu-west-1a),kubernetes.io/os==linux')).toEqual([all[1], all[2]]);
    expect(await nodes('kubernetes.io/hostname')).toEqual(all);
    expect(await nodes('!kubernetes.io/hostname')).toEqual([]);
  });

  it('get nodes -l prints the refusal of a selector the grammar does not allow', async () => {
    const refusal = (selector: string) =>
      kc('get', 'nodes', '-l', selector).then(
        () => 'accepted',
        (error: { stderr: string }) => error.stderr.trim(),
      );
    // kubectl sends the selector as written and prints the API server's Status message after its own words.
    expect(await refusal('zone in (a')).toMatch(/^Error from server \(BadRequest\): Unable to find .* that match label selector "zone in \(a"/);
    expect(await refusal('zone in (a')).toContain('unable to parse requirement: column 11 of "zone in (a": expected "," or ")", found the end');
    expect(await refusal('!zone=a')).toContain('unable to parse requirement: column 6 of "!zone=": expected "," or the end, found "="');
    expect(await refusal('zone=a||b')).toContain('unable to parse requirement: column 6 of "zone=a||b": value "a||b"');
  });

  it('is refused with the 401 of a real API server after the token rotates', async () => {
    const cluster = fleet.clusters[1]!;
    cluster.rotateToken();
    const failed = await run(kubectl, [...common(), '--context', 'sim-kc-dev', 'get', 'nodes'], { timeout: 20_000 }).then(
      () => null,
      (error: { stderr: string }) => error.stderr,
    );
    // The message kubectl prints for a real 401: the Status' message, or client-go's words when discovery fails first.
    expect(failed).toMatch(/error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)/);
    fleet.writeKubeconfig();
    const out = (await run(kubectl, [...common(), '--context', 'sim-kc-dev', 'get', 'nodes'], { timeout: 20_000 })).stdout;
    expect(out).toMatch(/kc-dev-node-000\s+Ready/);
  });
});
