import { describe, expect, it } from 'vitest';
import { validateConfig } from '../load';

const cluster = { name: 'a', prometheus: { url: 'http://p/federate' } };
function problems(remoteWrite: unknown): string[] {
  const result = validateConfig({ clusters: [cluster], remoteWrite });
  return result.ok ? [] : result.problems;
}

describe('remoteWrite', () => {
  it('fills Prometheus-like defaults', () => {
    const result = validateConfig({ clusters: [cluster], remoteWrite: [{ name: 'mimir', url: 'https://mimir.example/api/v1/push', tokenFile: '/t' }] });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.remoteWrite).toEqual([
      {
        name: 'mimir',
        url: 'https://mimir.example/api/v1/push',
        tokenFile: '/t',
        headers: {},
        writeRelabelConfigs: [],
        queue: { capacity: 200_000, maxSamplesPerSend: 2000, batchSendDeadline: 5000, minBackoff: 30, maxBackoff: 5000 },
        timeout: 30_000,
        flushDeadline: 10_000,
      },
    ]);
  });

  it('names the field of every problem', () => {
    expect(
      problems([
        {
          name: 'x',
          url: 'ftp://x',
          tokenFile: '/t',
          basicAuth: { username: 'u', passwordFile: '/p' },
          writeRelabelConfigs: [{ action: 'replace', sourceLabels: ['__name__'] }, { sourceLabels: ['job'], regex: '(?=x)' }, { sourceLabels: [] }],
          queue: { capacity: 10, maxSamplesPerSend: 20, minBackoff: '10s', maxBackoff: '1s' },
          timeout: 'soon',
        },
        { name: 'x', url: 'http://r/api/v1/write', password: 'inline' },
      ]),
    ).toEqual([
      'remoteWrite[0].url: must be a URL (http:// or https://)',
      'remoteWrite[0].writeRelabelConfigs[0].action: must be keep or drop',
      'remoteWrite[0].writeRelabelConfigs[1].regex: not an RE2 regular expression: invalid or unsupported Perl syntax: `(?=` (lookarounds and backreferences are not part of RE2 syntax, which Prometheus and Alertmanager use)',
      'remoteWrite[0].writeRelabelConfigs[2].sourceLabels: must name at least one label',
      'remoteWrite[0].timeout: must be a duration like 15s, 2m or 1h30m',
      'remoteWrite[1].password: unknown key',
    ]);
  });

  it('checks across the fields once each entry is well formed', () => {
    expect(
      problems([
        {
          name: 'x',
          url: 'http://r/api/v1/write',
          tokenFile: '/t',
          basicAuth: { username: 'u', passwordFile: '/p' },
          queue: { capacity: 10, maxSamplesPerSend: 20, minBackoff: '10s', maxBackoff: '1s' },
        },
        { name: 'x', url: 'http://r/api/v1/write' },
      ]),
    ).toEqual([
      'remoteWrite[0].basicAuth: use only one of tokenFile, basicAuth',
      'remoteWrite[0].queue.minBackoff: must not be longer than maxBackoff',
      'remoteWrite[0].queue.maxSamplesPerSend: must not be more than capacity',
      'remoteWrite[1].name: duplicate name "x" (also remoteWrite[0].name)',
    ]);
  });

  it('refuses the headers fleetscope sets itself, and TLS where it cannot apply', () => {
    expect(
      problems([
        {
          name: 'x',
          url: 'http://r/api/v1/write',
          headers: { 'X-Scope-OrgID': 'fleet', Authorization: 'Bearer leaked', 'bad name': 'v', 'X-Two': 'a\r\nb' },
          tls: { certFile: '/c' },
          flushDeadline: 'never',
        },
        { name: 'y', url: 'https://r/api/v1/write', tls: { keyFile: '/k' } },
      ]),
    ).toEqual([
      'remoteWrite[0].headers.X-Two: must be one line',
      'remoteWrite[0].headers.Authorization: is set by fleetscope itself (authorization, content-encoding, content-length, content-type, host, user-agent, x-prometheus-remote-write-version cannot be set here)',
      'remoteWrite[0].headers.bad name: is not an HTTP header name',
      'remoteWrite[0].tls.keyFile: certFile and keyFile go together',
      'remoteWrite[0].flushDeadline: must be a duration like 15s, 2m or 1h30m',
      'remoteWrite[0].tls: applies to an https:// url only',
      'remoteWrite[1].tls.certFile: certFile and keyFile go together',
    ]);
  });
});
