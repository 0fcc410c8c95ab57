import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  and,
  anyOf,
  cfDevice,
  cfLdap,
  eq,
  FqSyntaxError,
  formatFqDuration,
  or,
  parseFq,
  parseFqDuration,
  quoteFqValue,
  tryParseFq,
  withinLast,
  type FqNode,
} from '../src/fq/index.ts';

const leaf = (name: string, op: string, value: string, quoted = false, kind = 'field'): FqNode =>
  ({ type: 'comparison', field: { kind, name }, op, value, quoted }) as FqNode;

describe('parseFq: the forms real clients send', () => {
  it.each([
    ['EMAILADDRESS EQ user@example.com', leaf('EMAILADDRESS', 'EQ', 'user@example.com')],
    ['UID EQ jdoe', leaf('UID', 'EQ', 'jdoe')],
    ['emailAddress=x@y.z', leaf('emailAddress', 'EQ', 'x@y.z')],
    ['serialNumber=F2LLMEE9FFG8', leaf('serialNumber', 'EQ', 'F2LLMEE9FFG8')],
    ["ACCOUNTGROUP EQ 'Marketing'", leaf('ACCOUNTGROUP', 'EQ', 'Marketing', true)],
    ['CFDEVICE[cityId]=SF', leaf('cityId', 'EQ', 'SF', false, 'cfdevice')],
    ['CFLDAP[attr]=v', leaf('attr', 'EQ', 'v', false, 'cfldap')],
    ['CFDEVICE[floor_#]>=3', leaf('floor_#', 'GE', '3', false, 'cfdevice')],
    ["lastCheckin<'00:01:00'", leaf('lastCheckin', 'LT', '00:01:00', true)],
    ["lastRegistrationTime<'0:0:03:06'", leaf('lastRegistrationTime', 'LT', '0:0:03:06', true)],
    ["name EQ 'O''Brien'", leaf('name', 'EQ', "O'Brien", true)],
    ['model CONTAINS iPhone', leaf('model', 'CONTAINS', 'iPhone')],
    ['model startswith Pix', leaf('model', 'STARTSWITH', 'Pix')],
  ])('when "%s" is parsed, then it gives the comparison', (input, expected) => {
    expect(parseFq(input)).toEqual(expected);
  });

  it('when AND and OR mix with parentheses, then AND binds tighter and parentheses group', () => {
    expect(parseFq('registrationState=ACTIVE and (quarantined=true or jailbroken=true)')).toEqual({
      type: 'and',
      children: [
        leaf('registrationState', 'EQ', 'ACTIVE'),
        { type: 'or', children: [leaf('quarantined', 'EQ', 'true'), leaf('jailbroken', 'EQ', 'true')] },
      ],
    });
    expect(parseFq("a=1 OR b=2 AND version!='0'")).toEqual({
      type: 'or',
      children: [
        leaf('a', 'EQ', '1'),
        { type: 'and', children: [leaf('b', 'EQ', '2'), leaf('version', 'NE', '0', true)] },
      ],
    });
  });

  it.each([
    ['', 'the filter is empty'],
    ['platformType EQ', 'expected a value'],
    ['platformType IOS', 'expected an operator'],
    ["name EQ 'open", 'a quoted value is not closed'],
    ['(a=1', 'a "(" is not closed'],
    ['a=1)', 'without "("'],
    ['a=1 b=2', 'expected AND or OR'],
    ['CFDEVICE[x=1', 'is not closed by "]"'],
    ['CFDEVICE[]=1', 'custom attribute name is empty'],
    ['1abc=2', 'is not a field name'],
  ])('when "%s" is parsed, then a syntax error says: %s', (input, message) => {
    expect(() => parseFq(input)).toThrow(FqSyntaxError);
    expect(() => parseFq(input)).toThrow(message);
  });

  it('when a syntax error is raised, then its position points at the offending character', () => {
    const result = tryParseFq('platformType EQ IOS AND ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.position).toBe(24);
  });
});

describe('the fq builder', () => {
  it('when values are built, then they are always quoted and escaped', () => {
    expect(eq('emailAddress', "o'brien@x.com")).toBe("emailAddress EQ 'o''brien@x.com'");
    expect(eq(cfDevice('floor_#'), 3)).toBe("CFDEVICE[floor_#] EQ '3'");
    expect(and(eq('a', '1'), or(eq('b', '2'), eq('c', '3')))).toBe("(a EQ '1') AND ((b EQ '2') OR (c EQ '3'))");
    expect(anyOf('platformType', ['IOS'])).toBe("platformType EQ 'IOS'");
    expect(withinLast('lastCheckin', 90_061_000)).toBe("lastCheckin<'1:01:01:01'");
  });

  it('when a field or attribute name could break out of the fq, then the builder refuses it', () => {
    expect(() => eq("a' OR 'b", 'x')).toThrow(RangeError);
    expect(() => cfDevice('x]=1 OR CFDEVICE[y')).toThrow(RangeError);
    expect(() => cfLdap('')).toThrow(RangeError);
  });
});

describe('fq properties', () => {
  it('when any string is parsed, then it parses or fails with a clean FqSyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), (input) => {
        const result = tryParseFq(input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (input) => {
        expect(typeof tryParseFq(input).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('when any user value is built into an fq, then it parses back to exactly that value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const node = parseFq(eq('emailAddress', value));
        expect(node).toEqual(leaf('emailAddress', 'EQ', value, true));
      }),
      { numRuns: 2000 },
    );
  });

  it('when built comparisons of any values are combined, then each value comes back in its place', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 5 }), (values) => {
        const node = parseFq(or(...values.map((value, k) => eq(`f${k}`, value))));
        expect(node).toEqual({ type: 'or', children: values.map((value, k) => leaf(`f${k}`, 'EQ', value, true)) });
      }),
    );
  });

  it('when any attribute name without "]" is built, then it parses back to that name', () => {
    const name = fc
      .string({ unit: 'binary', minLength: 1 })
      .filter((s) => s.trim() !== '' && !s.includes(']') && !/\p{Cc}/u.test(s));
    fc.assert(
      fc.property(name, fc.string({ unit: 'binary' }), (attribute, value) => {
        expect(parseFq(eq(cfDevice(attribute), value))).toEqual(leaf(attribute, 'EQ', value, true, 'cfdevice'));
      }),
    );
  });

  it('when a duration is formatted, then it parses back to the same whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 * 86_400 }), (seconds) => {
        expect(parseFqDuration(formatFqDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
    expect(parseFqDuration('00:01:00')).toBe(60_000);
    expect(parseFqDuration('0:0:03:06')).toBe(186_000);
    expect(parseFqDuration('yesterday')).toBeUndefined();
    expect(quoteFqValue("it's")).toBe("'it''s'");
  });
});
