import { UNAUTHORIZED_EVENT } from './access';

/** The outcome of one REST call: data, or a sentence saying what went wrong. */
export type Fetched<T> = { ok: true; data: T } | { ok: false; message: string; status: number | null };

/**
 * GETs JSON from fleetscope's REST API. Every failure — network, HTTP status
 * (with the server's own `error` text when it sent one), not JSON, wrong shape
 * — becomes one readable message naming the URL. A 401 also tells the page
 * (UNAUTHORIZED_EVENT), which then shows its sign-in page.
 */
export async function fetchJson<T>(url: string, isExpected: (value: unknown) => value is T, signal?: AbortSignal): Promise<Fetched<T>> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    return { ok: false, status: null, message: `GET ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, status: response.status, message: `GET ${url}: HTTP ${response.status}, not JSON` };
  }
  if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  if (!response.ok) {
    const detail = typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? `: ${body.error}` : '';
    return { ok: false, status: response.status, message: `GET ${url}: HTTP ${response.status}${detail}` };
  }
  if (!isExpected(body)) return { ok: false, status: response.status, message: `GET ${url}: unexpected response shape` };
  return { ok: true, data: body };
}
