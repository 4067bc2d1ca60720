// Custom scoring formulas for the in-memory FakeBackend: a stand-in for the core's formula reader
// (src/scoring/formula.rs, exmex). Numbers, input names, + − × ÷ ^, parentheses, sqrt, ln, log10,
// abs, exp, round, floor, ceil and the infix `min` / `max`. Errors name the field `formula` and
// say what is wrong in words, like the core's.
import type { ApiError } from '../bindings/ApiError';
import { apiError } from './backend';

/** Longest formula, in characters (src/scoring/formula.rs). */
export const MAX_FORMULA_CHARS = 1_000;

const FUNCTIONS = new Map<string, (x: number) => number>(Object.entries({
  sqrt: Math.sqrt,
  ln: Math.log,
  log10: Math.log10,
  abs: Math.abs,
  exp: Math.exp,
  round: Math.round,
  floor: Math.floor,
  ceil: Math.ceil,
}));

type Node =
  | { t: 'num'; v: number }
  | { t: 'var'; name: string }
  | { t: 'neg'; a: Node }
  | { t: 'fn'; f: (x: number) => number; a: Node }
  | { t: 'bin'; op: string; a: Node; b: Node };

type Token = { kind: 'num' | 'name' | 'op'; text: string };

function tokenize(text: string): Token[] | string {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/^(),]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return `unexpected character "${text.slice(at).trim()[0]}"`;
    at = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'num', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'name', text: m[2] });
    else out.push({ kind: 'op', text: m[3] });
  }
  return out;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  parse(): Node {
    const node = this.minmax();
    const rest = this.peek();
    if (rest) throw new Error(`unexpected "${rest.text}"`);
    return node;
  }

  private minmax(): Node {
    let a = this.add();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'name' && (t.text === 'min' || t.text === 'max')) {
        this.at++;
        a = { t: 'bin', op: t.text, a, b: this.add() };
      } else {
        return a;
      }
    }
  }

  private add(): Node {
    let a = this.mul();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.tokens[this.at++].text;
      a = { t: 'bin', op, a, b: this.mul() };
    }
    return a;
  }

  private mul(): Node {
    let a = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.tokens[this.at++].text;
      a = { t: 'bin', op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.at++;
      return { t: 'neg', a: this.unary() };
    }
    if (this.isOp('+')) {
      this.at++;
      return this.unary();
    }
    return this.power();
  }

  private power(): Node {
    const a = this.primary();
    if (this.isOp('^')) {
      this.at++;
      return { t: 'bin', op: '^', a, b: this.unary() };
    }
    return a;
  }

  private primary(): Node {
    const t = this.peek();
    if (!t) throw new Error('the formula ends too early');
    this.at++;
    if (t.kind === 'num') return { t: 'num', v: Number(t.text) };
    if (t.kind === 'name') {
      const f = FUNCTIONS.get(t.text);
      if (f) {
        if (!this.isOp('(')) throw new Error(`${t.text} needs its argument in parentheses`);
        this.at++;
        const a = this.minmax();
        if (!this.isOp(')')) throw new Error('a parenthesis is not closed');
        this.at++;
        return { t: 'fn', f, a };
      }
      if (t.text === 'min' || t.text === 'max') throw new Error(`${t.text} goes between two values`);
      return { t: 'var', name: t.text };
    }
    if (t.text === '(') {
      const a = this.minmax();
      if (!this.isOp(')')) throw new Error('a parenthesis is not closed');
      this.at++;
      return a;
    }
    throw new Error(`unexpected "${t.text}"`);
  }
}

function evaluate(n: Node, values: Record<string, number>): number {
  switch (n.t) {
    case 'num':
      return n.v;
    case 'var':
      return values[n.name] ?? Number.NaN;
    case 'neg':
      return -evaluate(n.a, values);
    case 'fn':
      return n.f(evaluate(n.a, values));
    case 'bin': {
      const a = evaluate(n.a, values);
      const b = evaluate(n.b, values);
      switch (n.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return a ** b;
        case 'min':
          return Math.min(a, b);
        default:
          return Math.max(a, b);
      }
    }
  }
}

function names(n: Node, out: Set<string>): Set<string> {
  switch (n.t) {
    case 'var':
      out.add(n.name);
      break;
    case 'neg':
    case 'fn':
      names(n.a, out);
      break;
    case 'bin':
      names(n.a, out);
      names(n.b, out);
      break;
  }
  return out;
}

/** A parsed, checked formula. */
export type FakeFormula = {
  /** The input names it reads, without repeats, in the order they first appear. */
  reads: string[];
  /** Its value for the inputs; null when it is not a finite number. */
  eval(values: Record<string, number>): number | null;
};

/** Parses `text` against the known input names; throws an ApiError on field `formula`. */
export function parseFormula(text: string, known: readonly string[]): FakeFormula {
  const fail = (message: string): ApiError => apiError('invalid_input', message, 'formula');
  const trimmed = text.trim();
  if (trimmed === '') throw fail('the formula is empty');
  if ([...trimmed].length > MAX_FORMULA_CHARS) throw fail(`a formula has at most ${MAX_FORMULA_CHARS} characters`);
  if (/[{}]/.test(trimmed)) {
    throw fail('braces are not part of the formula language; use input names such as reach or effort');
  }
  const tokens = tokenize(trimmed);
  if (typeof tokens === 'string') throw fail(`cannot read the formula "${trimmed}": ${tokens}`);
  let node: Node;
  try {
    node = new Parser(tokens).parse();
  } catch (e) {
    throw fail(`cannot read the formula "${trimmed}": ${(e as Error).message}`);
  }
  const reads = [...names(node, new Set())];
  for (const name of reads) {
    if (!known.includes(name)) throw fail(`unknown input "${name}"; the names are: ${known.join(', ')}`);
  }
  if (reads.length === 0) throw fail('the formula reads no inputs, so every item would get the same score');
  return {
    reads,
    eval(values) {
      const v = evaluate(node, values);
      return Number.isFinite(v) ? v : null;
    },
  };
}
