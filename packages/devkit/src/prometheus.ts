/** The samples of a Prometheus text answer, as `name{labels}` → value. */
export function prometheusSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

/** The samples of several processes' /metrics, added up per `name{labels}` (counters are per process). */
export async function scrapeAll(urls: readonly string[]): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  for (const url of urls)
    for (const [key, value] of prometheusSamples(await (await fetch(url)).text()))
      sums.set(key, (sums.get(key) ?? 0) + value);
  return sums;
}

/** The sum of the samples whose `name{labels}` passes `pick`. */
export const sumOf = (samples: Map<string, number>, pick: (key: string) => boolean): number =>
  [...samples].filter(([key]) => pick(key)).reduce((total, [, value]) => total + value, 0);
