import type { z } from 'zod';
import { AppError } from '../errors.ts';

type Part = 'body' | 'query';

interface Issue {
  path: string;
  message: string;
}

const pathOf = (where: Part, path: readonly PropertyKey[]): string => [where, ...path.map(String)].join('.');

/**
 * A union's failure reported through the branch that came closest (fewest issues, then the deepest), so that
 * `{filter: {…, typo: 1}}` is answered with the typo rather than with "matches none of the target shapes".
 */
function closestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const depth = (issues: readonly z.core.$ZodIssue[]) => Math.max(...issues.map((issue) => issue.path.length));
  return [...branches].sort((a, b) => a.length - b.length || depth(b) - depth(a))[0];
}

/** Every issue, unions opened to their closest branch, with the path from the request's part. */
function flatten(
  issues: readonly z.core.$ZodIssue[],
  where: Part,
  prefix: readonly PropertyKey[] = [],
): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branch = closestBranch(issue.errors);
      if (branch) return flatten(branch, where, path);
    }
    return [{ ...issue, path }];
  });
}

function unknownFields(issues: readonly z.core.$ZodIssue[], where: Part): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => pathOf(where, [...issue.path, key])) : [],
  );
}

/** A refused key: named, so that a typo never widens what a request means. */
export function unknownFieldError(fields: readonly string[]): AppError {
  return new AppError(
    400,
    'UNKNOWN_FIELD',
    `Not a field of this request: ${fields.join(', ')}. Remove ${fields.length === 1 ? 'it' : 'them'} or check the spelling.`,
    { details: { fields } },
  );
}

/** Parses one part of a request; unknown keys are a 400 UNKNOWN_FIELD naming them, other problems VALIDATION_FAILED. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: Part): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = flatten(parsed.error.issues, where);
  const unknown = unknownFields(issues, where);
  if (unknown.length > 0) throw unknownFieldError(unknown);
  const described: Issue[] = issues.map((issue) => ({ path: pathOf(where, issue.path), message: issue.message }));
  const first = described[0];
  throw new AppError(
    400,
    'VALIDATION_FAILED',
    first ? `${first.path}: ${first.message}` : 'The request is not valid.',
    { details: { issues: described } },
  );
}

/** A part of a request that the endpoint does not take must be empty: any key in it is refused by name. */
export function refuseAnyInput(value: unknown, where: Part): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new AppError(400, 'VALIDATION_FAILED', `This request takes no ${where}.`);
  const keys = Object.keys(value);
  if (keys.length > 0) throw unknownFieldError(keys.map((key) => `${where}.${key}`));
}
