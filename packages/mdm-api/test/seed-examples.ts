import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The vendor documents and third-party fixtures (shared/), beside the repository. */
export const SEEDS_DIR = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

export interface SeedExample {
  /** The heading of the documented call the example belongs to. */
  section: string;
  text: string;
}

// A call's heading is the line right before its first sentence.
const FIRST_SENTENCE = /^(This (call|API) (?!requires)|You can use|Gets the|iOS only\.)/;

/**
 * The copies of the vendor pages damaged a few examples (masked values, a stray brace, an elided list). Each repair
 * restores the documented shape and nothing else; each must apply, so a changed copy is noticed.
 */
export const REPAIRS: readonly { what: string; from: string | RegExp; to: string }[] = [
  {
    what: 'compliance sync: stray opening brace',
    from: /\{\s*\{"errors":null,"result":1\}/,
    to: '{"errors":null,"result":1}',
  },
  { what: 'certificates: masked subject', from: '"caId": 18001,xxx', to: '"caId": 18001, "subject": "CN=xxx' },
  { what: 'logout viability: elided fields', from: /,\s*\.\.\.\s*\}/, to: '}' },
  {
    what: 'DEP profile: masked url',
    from: '"supportEmailAddress": null, [',
    to: '"supportEmailAddress": null, "url": "https://[',
  },
];

/** The JSON text that starts at the first `{` after `from`, up to the brace that closes it. */
function balancedJson(text: string, from: number): string | undefined {
  const start = text.indexOf('{', from);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth += 1;
    else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return text.slice(start);
}

function nextNonBlank(lines: readonly string[], from: number): string {
  for (let k = from; k < lines.length; k += 1) {
    const line = (lines[k] ?? '').trim();
    if (line !== '') return line;
  }
  return '';
}

/** The text of a seed document with typographic quotes and non-breaking spaces made plain, and repairs applied. */
export function seedText(file: string): string {
  const plain = readFileSync(`${SEEDS_DIR}${file}`, 'utf8')
    .replaceAll('\u00a0', ' ')
    .replaceAll('\u201c', '"')
    .replaceAll('\u201d', '"')
    .replaceAll('\u2019', "'");
  return REPAIRS.reduce((current, fix) => {
    if (file !== '000_c9823482042f1a20.txt') return current;
    const next = current.replace(fix.from, fix.to);
    if (next === current) throw new Error(`seed repair did not apply: ${fix.what}`);
    return next;
  }, plain);
}

/** Every "Example Response" (and the Core document's "Response") of a seed document, with its section. */
export function seedExamples(file: string): SeedExample[] {
  const text = seedText(file);
  const lines = text.split('\n');
  const examples: SeedExample[] = [];
  let section = '';
  let offset = 0;
  for (let k = 0; k < lines.length; k += 1) {
    const raw = lines[k] ?? '';
    const line = raw.trim();
    if (line !== '' && FIRST_SENTENCE.test(nextNonBlank(lines, k + 1))) section = line;
    if (line === 'Example Response' || line === 'Response' || line === 'Given these existing attributes:') {
      const json = balancedJson(text, offset + raw.length);
      if (json !== undefined) examples.push({ section, text: json });
    }
    offset += raw.length + 1;
  }
  return examples;
}
