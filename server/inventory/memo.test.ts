import { describe, expect, it } from 'vitest';
import { scrapeOfText } from '../../test/helpers/scrape';
import type { FederatedSeries } from '../sources/federate/series';
import { SectionMemo } from './memo';

describe('a part of the inventory kept from scrape to scrape', () => {
  const body = (b: string) => `a{x="1"} 1 1000\na{x="2"} 2 1000\nb{y="1"} ${b} 1000\nc{z="1"} 5 1000\n`;
  const next = (text: string, previous: FederatedSeries) => scrapeOfText(text, { cluster: 'c', existing: 'rename', previous });

  it('is read once while its metrics do not change, through scrapes that never asked, and again when they do', () => {
    let computed = 0;
    const memo = new SectionMemo<number>();
    const sumOf = (s: FederatedSeries, name: string) =>
      memo.read(s, [name], () => {
        computed++;
        return (s.get(name) ?? []).reduce((sum, v) => sum + v.value, 0);
      });
    const first = scrapeOfText(body('3'), { cluster: 'c', existing: 'rename' });
    expect(sumOf(first, 'a')).toBe(3);
    const second = next(body('4'), first);
    const third = next(body('5'), second);
    expect(sumOf(third, 'a')).toBe(3);
    expect(computed).toBe(1);
    const fourth = next(body('5').replace('a{x="2"} 2', 'a{x="2"} 20'), third);
    expect(sumOf(fourth, 'a')).toBe(21);
    expect(computed).toBe(2);
  });
});
