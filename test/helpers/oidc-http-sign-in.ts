/**
 * Signs a user in to fleetscope's built-in OpenID Connect login over plain
 * HTTP, as a browser would but without one: fleetscope's /auth/login, the
 * provider's authorization endpoint and sign-in form, back to /auth/callback.
 * Each side's cookies are kept in a jar of its own; paths are ignored (every
 * cookie name here is unique). Answers fleetscope's session cookie
 * (`name=value`) to send as a `cookie` header.
 */
export async function signInOverHttp(fleetscopeUrl: string, login: string, password: string): Promise<string> {
  const jars = new Map<string, Map<string, string>>();
  const jarOf = (url: URL) => {
    let jar = jars.get(url.origin);
    if (!jar) jars.set(url.origin, (jar = new Map()));
    return jar;
  };
  const send = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const jar = jarOf(url);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const answer = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of answer.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return answer;
  };
  /** Follows redirects until an answer that is not one; answers it and its URL. */
  const follow = async (start: URL, init: RequestInit = {}): Promise<{ answer: Response; url: URL }> => {
    let url = start;
    let answer = await send(url, init);
    for (let hops = 0; answer.status >= 300 && answer.status < 400; hops++) {
      if (hops > 20) throw new Error(`sign-in: more than 20 redirects from ${start.href}`);
      const location = answer.headers.get('location');
      if (!location) throw new Error(`sign-in: ${answer.status} from ${url.href} without a Location`);
      url = new URL(location, url);
      answer = await send(url);
    }
    return { answer, url };
  };

  const base = new URL(fleetscopeUrl);
  const form = await follow(new URL('/auth/login', base));
  const match = /action="(\/interaction\/[^"]+\/login)"/.exec(await form.answer.text());
  if (!match?.[1]) throw new Error(`sign-in: no sign-in form at ${form.url.href} (${form.answer.status})`);
  const done = await follow(new URL(match[1], form.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password }).toString(),
  });
  if (done.url.origin !== base.origin) throw new Error(`sign-in: ended at ${done.url.href} (${done.answer.status}), not at fleetscope`);
  const session = [...jarOf(base)].find(([name]) => name === 'fleetscope_session');
  if (!session) throw new Error(`sign-in: fleetscope set no session cookie (ended at ${done.url.href}, ${done.answer.status})`);
  return `${session[0]}=${session[1]}`;
}
