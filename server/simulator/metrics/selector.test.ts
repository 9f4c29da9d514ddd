import { describe, expect, it } from 'vitest';
import { parseSelectors, selectorsMatch } from './selector';

describe('series selectors of /federate match[]', () => {
  const match = (texts: string[], name: string, labels: Record<string, string> = {}) => {
    const parsed = parseSelectors(texts);
    if (!parsed.ok) throw new Error(parsed.message);
    return selectorsMatch(parsed.selectors, name, labels);
  };
  it('matches by name, by regex on __name__, by labels, and unions several', () => {
    expect(match(['up'], 'up')).toBe(true);
    expect(match(['{__name__=~"kube_.+"}'], 'kube_node_info')).toBe(true);
    expect(match(['{__name__=~"kube_.+"}'], 'kubernetes_build_info')).toBe(false);
    expect(match(['up{job="kubelet"}'], 'up', { job: 'kubelet' })).toBe(true);
    expect(match(['up{job!="kubelet"}'], 'up', { job: 'kubelet' })).toBe(false);
    expect(match(['{job=~".+"}'], 'anything', { job: 'x' })).toBe(true);
    expect(match(['{job!~"kube.*", instance="a:1"}'], 'x', { job: 'node', instance: 'a:1' })).toBe(true);
    expect(match(['up', 'kube_node_info'], 'kube_node_info')).toBe(true);
  });
  it('refuses what Prometheus refuses', () => {
    expect(parseSelectors(['{job=~".*"}'])).toEqual({ ok: false, message: 'vector selector must contain at least one non-empty matcher' });
    expect(parseSelectors(['up{job=kubelet}']).ok).toBe(false);
    expect(parseSelectors(['{__name__=~"("}']).ok).toBe(false);
  });
});
