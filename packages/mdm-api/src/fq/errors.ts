/** An fq that does not follow the grammar; `position` is the index of the offending character. */
export class FqSyntaxError extends Error {
  readonly position: number;

  constructor(reason: string, position: number) {
    super(`${reason} at position ${position + 1}`);
    this.name = 'FqSyntaxError';
    this.position = position;
  }
}
