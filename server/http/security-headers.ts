import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface SecurityHeadersOptions {
  /** Whether fleetscope serves TLS itself: Strict-Transport-Security and upgrade-insecure-requests only then. */
  tls: boolean;
  /**
   * The web configuration file's http_server_config.headers, read for every
   * answer (they change when the file does). Set after helmet's, so each
   * replaces helmet's header of the same name, as it is and over plain HTTP
   * too (a TLS-terminating proxy in front passes them on).
   */
  configured?: () => Readonly<Record<string, string>>;
}

/**
 * The Content-Security-Policy of the built web app: its scripts, styles and
 * the websocket come from fleetscope itself ('self' covers ws:/wss: to the
 * same host), nothing inline runs, and no other site may frame it.
 */
function contentSecurityPolicy(tls: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    // Over plain HTTP it would send the page's own requests to an https:// that does not answer.
    'upgrade-insecure-requests': tls ? [] : null,
  };
}

/**
 * helmet's security headers on every answer (the Content-Security-Policy
 * above; HSTS for a year when serving TLS), then the web configuration
 * file's headers.
 */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const base = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options.tls) },
    strictTransportSecurity: options.tls ? { maxAge: 365 * 86_400, includeSubDomains: true } : false,
  });
  return (req, res, next) => {
    base(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      for (const [name, value] of Object.entries(options.configured?.() ?? {})) res.setHeader(name, value);
      next();
    });
  };
}
