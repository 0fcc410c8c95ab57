import { describe, expect, it } from 'vitest';
import { safeRedirect } from '../src/lib/safe-redirect.ts';

describe('safeRedirect', () => {
  it('when the target is a path of this site, then it is kept with its search', () => {
    expect(safeRedirect('/devices?q=ipad&device=12')).toBe('/devices?q=ipad&device=12');
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', undefined])(
    'when the target is %s, then the user lands on the devices page instead',
    (target) => {
      expect(safeRedirect(target)).toBe('/devices');
    },
  );

  it('when the target is the sign-in page itself, then it is not a loop', () => {
    expect(safeRedirect('/sign-in?redirect=%2Fdevices')).toBe('/devices');
  });
});
