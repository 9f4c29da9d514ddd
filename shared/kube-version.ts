/**
 * Kubernetes version strings as components report them: "v1.29.4",
 * "v1.29.4-eks-6f4ec0f", "v1.28.3+k3s2", "1.30", and /version's
 * `{major: "1", minor: "29+"}`. Pure; used by server and web.
 */
export interface KubeVersion {
  major: number;
  minor: number;
  /** null when the text named only major.minor. */
  patch: number | null;
  /** The text as reported, trimmed. */
  raw: string;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/;

/** Parses a version string; null when it is not a Kubernetes version. */
export function parseKubeVersion(text: string | null | undefined): KubeVersion | null {
  if (!text) return null;
  const raw = text.trim();
  const match = VERSION.exec(raw);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: match[3] === undefined ? null : Number(match[3]), raw };
}

/** "1.29" */
export function minorOf(version: KubeVersion): string {
  return `${version.major}.${version.minor}`;
}

/** Parses "1.29" (or "v1.29") into [major, minor]; null otherwise. */
export function parseMinor(text: string): { major: number; minor: number } | null {
  const match = /^v?(\d+)\.(\d+)$/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

/**
 * Minor versions from `b` up to `a` (positive when `a` is newer). Kubernetes
 * has only had major 1; a different major counts as 100 minors so that it is
 * never within any skew window.
 */
export function minorsBetween(a: { major: number; minor: number }, b: { major: number; minor: number }): number {
  return (a.major - b.major) * 100 + (a.minor - b.minor);
}

/** Orders by major, minor, then patch (a missing patch sorts first). */
export function compareKubeVersions(a: KubeVersion, b: KubeVersion): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? -1) - (b.patch ?? -1);
}
