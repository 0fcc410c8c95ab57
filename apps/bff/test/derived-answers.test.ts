import { describe, expect, it } from 'vitest';
import { DerivedAnswers } from '../src/domain/derived-answers.ts';

describe('answers derived from vendor reads', () => {
  it('when the same reads come again, then the answer is the same object and is not derived again', () => {
    const answers = new DerivedAnswers<{ n: number }, { sum: number }>();
    const page = { n: 1 };
    const facet = { n: 2 };
    let derivations = 0;
    const derive = () => {
      derivations += 1;
      return { sum: page.n + facet.n };
    };
    const first = answers.of([page, facet], derive);
    expect(answers.of([page, facet], derive)).toBe(first);
    expect(derivations).toBe(1);
  });

  it('when any one of the reads is a new object, then the answer is derived anew from it', () => {
    const answers = new DerivedAnswers<{ n: number }, number>();
    const page = { n: 1 };
    expect(answers.of([page, { n: 2 }], () => 3)).toBe(3);
    expect(answers.of([page, { n: 5 }], () => 6)).toBe(6);
    expect(answers.of([page], () => 1)).toBe(1);
    expect(answers.of([{ n: 1 }], () => 10)).toBe(10);
  });
});
