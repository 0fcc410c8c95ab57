import { FqSyntaxError } from './errors.ts';

export type FqToken =
  | { kind: 'lparen'; pos: number }
  | { kind: 'rparen'; pos: number }
  | { kind: 'symbol'; text: '=' | '!=' | '<' | '>' | '<=' | '>='; pos: number }
  | { kind: 'quoted'; text: string; pos: number }
  | { kind: 'word'; text: string; pos: number };

const SYMBOL_CHARS = new Set(['=', '!', '<', '>']);
const WORD_STOP = new Set(['(', ')', "'", '"', '=', '!', '<', '>']);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';
}

function readQuoted(input: string, start: number): { text: string; end: number } {
  const quote = input.charAt(start);
  let text = '';
  let i = start + 1;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (ch === quote) {
      if (input.charAt(i + 1) === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += ch;
    i += 1;
  }
  throw new FqSyntaxError('a quoted value is not closed', start);
}

function readSymbol(input: string, start: number): { text: '=' | '!=' | '<' | '>' | '<=' | '>='; end: number } {
  const two = input.slice(start, start + 2);
  if (two === '!=' || two === '<=' || two === '>=') return { text: two, end: start + 2 };
  const one = input.charAt(start);
  if (one === '=' || one === '<' || one === '>') return { text: one, end: start + 1 };
  throw new FqSyntaxError(`unexpected "${one}"`, start);
}

/** A word is a field name, a keyword or a bare value; `CFDEVICE[any name]` is one word. */
function readWord(input: string, start: number): { text: string; end: number } {
  let i = start;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (isSpace(ch) || WORD_STOP.has(ch)) break;
    if (ch === '[') {
      const close = input.indexOf(']', i + 1);
      if (close < 0) throw new FqSyntaxError('a "[" is not closed by "]"', i);
      i = close + 1;
      continue;
    }
    i += 1;
  }
  return { text: input.slice(start, i), end: i };
}

/** Splits an fq string into tokens; throws FqSyntaxError with the position of the first bad character. */
export function tokenize(input: string): FqToken[] {
  const tokens: FqToken[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (isSpace(ch)) {
      i += 1;
    } else if (ch === '(') {
      tokens.push({ kind: 'lparen', pos: i });
      i += 1;
    } else if (ch === ')') {
      tokens.push({ kind: 'rparen', pos: i });
      i += 1;
    } else if (ch === "'" || ch === '"') {
      const { text, end } = readQuoted(input, i);
      tokens.push({ kind: 'quoted', text, pos: i });
      i = end;
    } else if (SYMBOL_CHARS.has(ch)) {
      const { text, end } = readSymbol(input, i);
      tokens.push({ kind: 'symbol', text, pos: i });
      i = end;
    } else {
      const { text, end } = readWord(input, i);
      tokens.push({ kind: 'word', text, pos: i });
      i = end;
    }
  }
  return tokens;
}
