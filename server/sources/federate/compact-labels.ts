/**
 * Labels objects laid out with every property inside the object. An object
 * built property by property, as decodeLabelText builds one, holds its
 * first four in the object and the rest in a separate array (V8's property
 * array): about 30 B more a series of seven labels and the cluster's, for
 * every series the inventory keeps decoded (docs/performance.md, "Scrape
 * limits and the series budget"). Objects made by a constructor get room
 * for as many properties as its first objects had (V8's slack tracking), so
 * labels are copied by a constructor of their own count of labels: each one
 * only ever makes objects of that many.
 */

type LabelsConstructor = new (from: Readonly<Record<string, string>>, names: readonly string[]) => Record<string, string>;

/** By count of labels; made on first use. */
const constructors: LabelsConstructor[] = [];

function labelsConstructor(): LabelsConstructor {
  function Labels(this: Record<string, string>, from: Readonly<Record<string, string>>, names: readonly string[]): void {
    for (const name of names) {
      // A label may be called __proto__: assigning it would set the object's prototype (see decodeLabelText).
      if (name === '__proto__') Object.defineProperty(this, name, { value: from[name], enumerable: true, writable: true, configurable: true });
      else this[name] = from[name]!;
    }
  }
  // Plain objects, as decodeLabelText's are.
  Labels.prototype = Object.prototype;
  return Labels as unknown as LabelsConstructor;
}

/** A copy of `labels` (the same names in the same order, the same values) with its properties in the object. */
export function compactLabels(labels: Record<string, string>): Record<string, string> {
  const names = Object.keys(labels);
  // Up to four, an object built property by property holds them already.
  if (names.length <= 4) return labels;
  const Labels = (constructors[names.length] ??= labelsConstructor());
  return new Labels(labels, names);
}
