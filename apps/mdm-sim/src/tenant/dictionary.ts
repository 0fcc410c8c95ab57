/** Interns strings as small integer codes for a column (dictionary encoding). */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const value of initial) this.code(value);
  }

  /** The code of `value`, adding it when new. */
  code(value: string): number {
    const known = this.codes.get(value);
    if (known !== undefined) return known;
    const code = this.values.length;
    this.values.push(value);
    this.codes.set(value, code);
    return code;
  }

  value(code: number): string {
    const value = this.values[code];
    if (value === undefined) throw new RangeError(`no value for code ${code}`);
    return value;
  }

  get size(): number {
    return this.values.length;
  }
}
