import type { ScrapedSeries } from '../../fleet/series';
import { COMPANION_METRICS as M, ownLabel } from '../metrics';
import type { ManagedCertificate } from '../types';

/**
 * cert-manager's Certificates: the Ready condition
 * (certmanager_certificate_ready_status, value 1 on the condition that
 * holds: True, False or Unknown) and notAfter
 * (certmanager_certificate_expiration_timestamp_seconds). Null when neither
 * is federated.
 */
export function readCertificates(series: ScrapedSeries): readonly ManagedCertificate[] | null {
  const ready = series.get(M.certReady);
  const expiry = series.get(M.certExpiry);
  if (!ready && !expiry) return null;
  const byKey = new Map<string, { name: string; namespace: string; ready: boolean | null; expiresAt: number | null }>();
  const entry = (labels: Readonly<Record<string, string>>) => {
    const name = labels.name ?? '';
    const namespace = ownLabel(labels, 'namespace');
    const key = `${namespace}/${name}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { name, namespace, ready: null, expiresAt: null }));
    return e;
  };
  for (const s of ready ?? []) {
    const e = entry(s.labels);
    if (s.value !== 1) continue;
    e.ready = s.labels.condition === 'True' ? true : s.labels.condition === 'False' ? false : null;
  }
  for (const s of expiry ?? []) if (Number.isFinite(s.value) && s.value > 0) entry(s.labels).expiresAt = s.value;
  return [...byKey.values()];
}
