import type { Response } from 'express';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small page of its own for the sign-in routes (the browser is there by
 * navigation, not by the web app): what happened and what to do next, with a
 * link. Never a token or a code in it.
 */
export function sendAuthPage(res: Response, status: number, page: { title: string; message: string; link?: { href: string; text: string } }): void {
  const link = page.link ? `<p><a href="${escape(page.link.href)}">${escape(page.link.text)}</a></p>` : '';
  res
    .status(status)
    .type('html')
    .setHeader('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(page.title)} · fleetscope</title>` +
        '<meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.4rem}</style>' +
        `</head><body><main data-testid="auth-page"><h1>${escape(page.title)}</h1><p>${escape(page.message)}</p>${link}</main></body></html>`,
    );
}
