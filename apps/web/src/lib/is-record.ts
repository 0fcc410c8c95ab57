/** Whether an unchecked value (an answer read before the app's schemas run) is an object whose keys can be read. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
