import type { FqComparison, FqField, FqNode, FqOperator } from './ast.ts';
import { FqSyntaxError } from './errors.ts';
import { tokenize, type FqToken } from './lexer.ts';

const SYMBOL_OPERATORS: Record<string, FqOperator> = {
  '=': 'EQ',
  '!=': 'NE',
  '<': 'LT',
  '>': 'GT',
  '<=': 'LE',
  '>=': 'GE',
};
const WORD_OPERATORS: Record<string, FqOperator> = {
  eq: 'EQ',
  ne: 'NE',
  lt: 'LT',
  gt: 'GT',
  le: 'LE',
  ge: 'GE',
  contains: 'CONTAINS',
  startswith: 'STARTSWITH',
};

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const CUSTOM_FIELD = /^(CFDEVICE|CFLDAP)\[([^\]]*)\]$/i;

/** Longest fq accepted; longer input is refused before it is tokenized. */
export const FQ_MAX_LENGTH = 8192;
const MAX_DEPTH = 64;

function parseField(token: FqToken): FqField {
  if (token.kind !== 'word') throw new FqSyntaxError('expected a field name', token.pos);
  const custom = CUSTOM_FIELD.exec(token.text);
  if (custom) {
    const [, prefix = '', name = ''] = custom;
    if (name.trim() === '') throw new FqSyntaxError('a custom attribute name is empty', token.pos);
    return { kind: prefix.toUpperCase() === 'CFDEVICE' ? 'cfdevice' : 'cfldap', name };
  }
  if (!FIELD_NAME.test(token.text)) throw new FqSyntaxError(`"${token.text}" is not a field name`, token.pos);
  return { kind: 'field', name: token.text };
}

function operatorOf(token: FqToken | undefined, end: number): FqOperator {
  if (token === undefined) throw new FqSyntaxError('expected an operator', end);
  if (token.kind === 'symbol') {
    const op = SYMBOL_OPERATORS[token.text];
    if (op) return op;
  }
  if (token.kind === 'word') {
    const op = WORD_OPERATORS[token.text.toLowerCase()];
    if (op) return op;
  }
  throw new FqSyntaxError('expected an operator (EQ, NE, =, !=, <, >, <=, >=, CONTAINS, STARTSWITH)', token.pos);
}

class Parser {
  private index = 0;
  private readonly tokens: FqToken[];
  private readonly length: number;

  constructor(tokens: FqToken[], length: number) {
    this.tokens = tokens;
    this.length = length;
  }

  parse(): FqNode {
    if (this.tokens.length === 0) throw new FqSyntaxError('the filter is empty', 0);
    const node = this.parseOr(0);
    const extra = this.peek();
    if (extra) {
      const what = extra.kind === 'rparen' ? 'a ")" without "("' : 'AND or OR';
      throw new FqSyntaxError(extra.kind === 'rparen' ? `unexpected ${what}` : `expected ${what}`, extra.pos);
    }
    return node;
  }

  private peek(): FqToken | undefined {
    return this.tokens[this.index];
  }

  private next(): FqToken | undefined {
    const token = this.tokens[this.index];
    this.index += 1;
    return token;
  }

  private isKeyword(word: 'and' | 'or'): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private parseJunction(type: 'and' | 'or', depth: number): FqNode {
    const children: FqNode[] = [type === 'or' ? this.parseJunction('and', depth) : this.parseUnary(depth)];
    while (this.isKeyword(type)) {
      this.index += 1;
      children.push(type === 'or' ? this.parseJunction('and', depth) : this.parseUnary(depth));
    }
    const [only] = children;
    return children.length === 1 && only ? only : { type, children };
  }

  private parseOr(depth: number): FqNode {
    return this.parseJunction('or', depth);
  }

  private parseUnary(depth: number): FqNode {
    const token = this.peek();
    if (token === undefined) throw new FqSyntaxError('expected a comparison', this.length);
    if (token.kind === 'lparen') {
      if (depth >= MAX_DEPTH) throw new FqSyntaxError('parentheses are nested too deeply', token.pos);
      this.index += 1;
      const inner = this.parseOr(depth + 1);
      const close = this.next();
      if (close?.kind !== 'rparen') throw new FqSyntaxError('a "(" is not closed by ")"', token.pos);
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): FqComparison {
    const fieldToken = this.next();
    if (fieldToken === undefined) throw new FqSyntaxError('expected a field name', this.length);
    const field = parseField(fieldToken);
    const op = operatorOf(this.next(), this.length);
    const valueToken = this.next();
    if (valueToken === undefined) throw new FqSyntaxError('expected a value', this.length);
    if (valueToken.kind === 'quoted') return { type: 'comparison', field, op, value: valueToken.text, quoted: true };
    if (valueToken.kind === 'word') return { type: 'comparison', field, op, value: valueToken.text, quoted: false };
    throw new FqSyntaxError('expected a value', valueToken.pos);
  }
}

/** Parses an fq filter; throws FqSyntaxError saying where and why it does not follow the grammar. */
export function parseFq(input: string): FqNode {
  if (input.length > FQ_MAX_LENGTH)
    throw new FqSyntaxError(`the filter is longer than ${FQ_MAX_LENGTH} characters`, FQ_MAX_LENGTH);
  return new Parser(tokenize(input), input.length).parse();
}

export type FqParseResult = { ok: true; node: FqNode } | { ok: false; error: FqSyntaxError };

/** parseFq without throwing: for validating user input. */
export function tryParseFq(input: string): FqParseResult {
  try {
    return { ok: true, node: parseFq(input) };
  } catch (error) {
    if (error instanceof FqSyntaxError) return { ok: false, error };
    throw error;
  }
}
