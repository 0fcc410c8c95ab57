/**
 * Answers derived from vendor reads, kept as long as those reads live. Reads served by the read cache are the same
 * objects each time, so the answer is the same object too and the endpoint reuses its validated JSON (see
 * `validatedJson`): fifty people on the same views cost one mapping and one serialization per cache period, not one
 * per request.
 */
export class DerivedAnswers<S extends object, T> {
  private readonly answers = new WeakMap<S, { sources: readonly S[]; answer: T }>();

  /** The answer drawn from `sources`: derived anew unless every one of them is the very object it came from. */
  of(sources: readonly [S, ...S[]], derive: () => T): T {
    const known = this.answers.get(sources[0]);
    if (known && known.sources.length === sources.length && known.sources.every((source, k) => source === sources[k]))
      return known.answer;
    const answer = derive();
    this.answers.set(sources[0], { sources, answer });
    return answer;
  }
}
