import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { IncomingMessage as NodeIncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from './csrf';

function request(headers: Record<string, string>): IncomingMessage {
  const req = new NodeIncomingMessage(new Socket());
  req.headers = headers;
  return req;
}

describe('crossSiteRefusal', () => {
  it("lets through what the browser says comes from fleetscope's own pages", () => {
    expect(crossSiteRefusal(request({ 'sec-fetch-site': 'same-origin', host: 'fleet:8080' }), [])).toBeNull();
    expect(crossSiteRefusal(request({ origin: 'http://fleet:8080', host: 'fleet:8080' }), [])).toBeNull();
    expect(crossSiteRefusal(request({ origin: 'https://fleetscope.example.com', host: '10.0.0.5:8080' }), ['https://fleetscope.example.com/'])).toBeNull();
  });

  it('refuses another site, a sibling of the same site and an opaque origin', () => {
    expect(crossSiteRefusal(request({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), [])).toContain('Sec-Fetch-Site: cross-site');
    expect(crossSiteRefusal(request({ 'sec-fetch-site': 'same-site', origin: 'http://fleet:9999', host: 'fleet:8080' }), [])).toContain('same-site');
    expect(crossSiteRefusal(request({ origin: 'http://evil.example', host: 'fleet:8080' }), [])).toBe(
      "the request comes from http://evil.example, not from fleetscope's own pages",
    );
    expect(crossSiteRefusal(request({ origin: 'null', host: 'fleet:8080' }), [])).toContain('opaque origin');
  });

  it("lets through what no browser sent (neither header: curl, a script) and the user's own action (Sec-Fetch-Site: none), as Go's CrossOriginProtection", () => {
    expect(crossSiteRefusal(request({ host: 'fleet:8080' }), [])).toBeNull();
    expect(crossSiteRefusal(request({ 'sec-fetch-site': 'none', host: 'fleet:8080' }), [])).toBeNull();
  });

  it('believes Sec-Fetch-Site over a matching Origin (a same-site page cannot pass for same-origin)', () => {
    expect(crossSiteRefusal(request({ 'sec-fetch-site': 'same-site', origin: 'http://fleet:8080', host: 'fleet:8080' }), [])).not.toBeNull();
  });
});
