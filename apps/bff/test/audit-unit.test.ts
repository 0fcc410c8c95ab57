import { describe, expect, it } from 'vitest';
import { withoutSecrets } from '../src/domain/audit.ts';

describe('audit parameters', () => {
  it('when parameters hold secrets at any depth, then they are recorded redacted', () => {
    expect(
      withoutSecrets({
        email: 'a@b.c',
        password: 'x',
        nested: { deviceUnlockPin: '1234ab', list: [{ apiToken: 't', keep: 1 }] },
      }),
    ).toEqual({
      email: 'a@b.c',
      password: '[redacted]',
      nested: { deviceUnlockPin: '[redacted]', list: [{ apiToken: '[redacted]', keep: 1 }] },
    });
    expect(withoutSecrets(['a', 1, null])).toEqual(['a', 1, null]);
  });
});
