/**
 * Every `@example` in the doc comments of src/ runs, as a test named after its file and symbol.
 *
 * The convention an example follows:
 * - It is TypeScript, run as the body of an async function (so `await` works) in a scope that holds every export of
 *   the package's entry points ('neuromusic', 'neuromusic/score', … as tsconfig.json's paths list them), every
 *   export of the module the example lives in (internal ones too; they win a clash of names), and a small prelude:
 *     `score`  — the first two bars of the built-in C major prelude (a real Score of 32 notes),
 *     `random` — createRandom(1), the seeded generator.
 *   Anything else the example uses it makes itself, in a line or two, so that a reader can run it as it stands.
 * - It may import, from 'neuromusic' or an entry point ('neuromusic/score', …), from node: modules, or by a path
 *   relative to its file. Code fences (```ts … ```) around it are allowed.
 * - A line comment `// → value` (or `// => value`) after an expression statement asserts the statement's value:
 *   the value is a JavaScript literal (numbers, strings, arrays, objects, true, false, null, NaN, Infinity; `−` and
 *   `π` are read as `-` and Math.PI), and prose may follow it after ` — `. Numbers match to the digits printed
 *   (1.2247 matches 1.22474…, 100 matches 99.6 to 100.4); an array matches an array or typed array of the same length
 *   element by element; an object matches when the fields it lists match (other fields are not compared).
 * - An example that cannot run here (it needs a browser, a device or files outside the repository) starts with the
 *   line `// not run: <reason>`; those are listed and counted by the last test. Keep them rare.
 * Examples run in a fresh temporary folder (files they write go there), and their console output is swallowed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { sliceScore } from '../src/score/ops.js';
import { createRandom } from '../src/math/random.js';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');

/** One `@example` block. */
interface DocExample {
  file: string;
  symbol: string;
  /** Line of the `@example` tag in the file (1-based). */
  line: number;
  code: string;
  notRun?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The name of what a doc comment documents, from the text after it. */
function documentedSymbol(after: string): string {
  const text = after.replace(/^\s*(?:\/\/.*\n\s*)*/, '');
  if (/^(import|$)/.test(text)) return 'module';
  const decl = /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([\w$]+)/.exec(text);
  if (decl) return decl[1]!;
  const member = /^(?:(?:public|private|protected|static|readonly|override|async|get|set)\s+)*([\w$]+)\s*[(<:=?!]/.exec(text);
  return member ? member[1]! : 'module';
}

/** Every `@example` block of a file. */
function examplesOf(file: string): DocExample[] {
  const text = readFileSync(file, 'utf8');
  const out: DocExample[] = [];
  for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const body = m[1]!;
    if (!body.includes('@example')) continue;
    const lines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const symbol = documentedSymbol(text.slice(m.index! + m[0].length, m.index! + m[0].length + 400));
    const firstLine = text.slice(0, m.index!).split('\n').length;
    for (let i = 0; i < lines.length; i++) {
      if (!/^@example\b/.test(lines[i]!.trim())) continue;
      let end = i + 1;
      while (end < lines.length && !/^@\w+/.test(lines[end]!.trim())) end++;
      let code = lines.slice(i + 1, end);
      const fence = code.findIndex((l) => l.trim().startsWith('```'));
      if (fence >= 0) {
        const close = code.findIndex((l, k) => k > fence && l.trim().startsWith('```'));
        code = code.slice(fence + 1, close < 0 ? undefined : close);
      }
      const source = code.join('\n').trim();
      const notRun = /^\/\/\s*not run:\s*(.+)/.exec(source);
      out.push({ file: relative(ROOT, file), symbol, line: firstLine + i, code: source, ...(notRun ? { notRun: notRun[1]!.trim() } : {}) });
    }
  }
  return out;
}

// ── Entry points and imports ───────────────────────────────────────────────────────────────────────────────────

const tsconfig = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions: { paths: Record<string, string[]> } };
const ENTRY_POINTS: Record<string, string> = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).map(([k, v]) => [k, join(ROOT, v[0]!)]));

function importer(file: string): (specifier: string) => Promise<unknown> {
  return (specifier) => {
    if (ENTRY_POINTS[specifier]) return import(/* @vite-ignore */ ENTRY_POINTS[specifier]);
    if (specifier.startsWith('.')) return import(/* @vite-ignore */ resolve(dirname(join(ROOT, file)), specifier.replace(/\.js$/, '.ts')));
    return import(/* @vite-ignore */ specifier);
  };
}

// ── From example to function ───────────────────────────────────────────────────────────────────────────────────

/** The example with its imports turned into awaited dynamic imports and its `// →` comments into checks. */
function instrument(code: string): string {
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const spec = (st.moduleSpecifier as ts.StringLiteral).text;
      const clause = st.importClause;
      let text = '';
      if (clause && !clause.isTypeOnly) {
        const parts: string[] = [];
        if (clause.name) parts.push(`const ${clause.name.text} = (await __import(${JSON.stringify(spec)})).default;`);
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) parts.push(`const ${nb.name.text} = await __import(${JSON.stringify(spec)});`);
        if (nb && ts.isNamedImports(nb)) {
          const names = nb.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
          if (names.length > 0) parts.push(`const { ${names.join(', ')} } = await __import(${JSON.stringify(spec)});`);
        }
        text = parts.join(' ');
      }
      edits.push({ start: st.getStart(sf), end: st.end, text });
      continue;
    }
    if (!ts.isExpressionStatement(st)) continue;
    const comment = (ts.getTrailingCommentRanges(code, st.end) ?? [])[0];
    if (!comment || comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const note = /^\/\/\s*(?:→|=>)\s*(.+)$/.exec(code.slice(comment.pos, comment.end));
    if (!note) continue;
    const line = sf.getLineAndCharacterOfPosition(st.getStart(sf)).line + 1;
    const expr = st.expression.getText(sf);
    edits.push({ start: st.getStart(sf), end: st.end, text: `__check((${expr}), ${JSON.stringify(note[1]!.trim())}, ${JSON.stringify(expr)}, ${line});` });
  }
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** `text` with `edit` applied to the parts outside string literals. */
function outsideStrings(text: string, edit: (code: string) => string): string {
  return text
    .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 === 1 ? part : edit(part)))
    .join('');
}

/** The expected value written after `→`. */
function expectedValue(text: string): { value: unknown; source: string } {
  const source = outsideStrings(text.split(' — ')[0]!.trim().replace(/^≈\s*/, ''), (code) => code.replace(/−/g, '-').replace(/π/g, 'Math.PI'));
  try {
    return { value: new Function(`return (${source});`)() as unknown, source };
  } catch {
    throw new Error(`cannot read the expected value "${text}": write a JavaScript literal after the arrow`);
  }
}

/** Half a unit in the last printed digit of x. */
function printedTolerance(x: number): number {
  const [mantissa, exponent] = String(x).split('e');
  const decimals = (mantissa!.split('.')[1] ?? '').length;
  return 0.5 * 10 ** (Number(exponent ?? 0) - decimals) * (1 + 1e-9);
}

/** Where `actual` differs from `expected` (undefined: it matches). */
function mismatch(actual: unknown, expected: unknown, path = 'value'): string | undefined {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `${path}: expected a number, got ${String(actual)}`;
    if (Number.isNaN(expected)) return Number.isNaN(actual) ? undefined : `${path}: expected NaN, got ${actual}`;
    if (!Number.isFinite(expected)) return actual === expected ? undefined : `${path}: expected ${expected}, got ${actual}`;
    return Math.abs(actual - expected) <= printedTolerance(expected) ? undefined : `${path}: expected ${expected}, got ${actual}`;
  }
  if (Array.isArray(expected)) {
    const list = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : actual;
    if (!Array.isArray(list)) return `${path}: expected an array, got ${String(actual)}`;
    if (list.length !== expected.length) return `${path}: expected ${expected.length} items, got ${list.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(list[i], expected[i], `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return `${path}: expected an object, got ${String(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const m = mismatch((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function check(actual: unknown, expectedText: string, expression: string, line: number): void {
  const { value } = expectedValue(expectedText);
  const m = mismatch(actual, value);
  if (m) throw new Error(`line ${line} of the example, \`${expression}\` → ${expectedText}: ${m}`);
}

const quietConsole = { ...console, log: () => undefined, info: () => undefined, warn: () => undefined, table: () => undefined };

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;

/** The prelude every example sees. */
function prelude(): Record<string, unknown> {
  const prelude = bachPreludeInC();
  const barSeconds = (4 * 60) / prelude.tempos[0]!.bpm;
  return { score: sliceScore(prelude, 0, 2 * barSeconds), random: createRandom(1) };
}

let entryPointExports: Promise<Record<string, unknown>> | undefined;

/** Every export of the package's entry points ('neuromusic', 'neuromusic/score', …), loaded once. */
function packageExports(): Promise<Record<string, unknown>> {
  entryPointExports ??= (async () => {
    const all: Record<string, unknown> = {};
    for (const path of Object.values(ENTRY_POINTS)) Object.assign(all, await import(/* @vite-ignore */ path));
    return all;
  })();
  return entryPointExports;
}

async function runExample(example: DocExample): Promise<void> {
  const module = (await import(/* @vite-ignore */ join(ROOT, example.file))) as Record<string, unknown>;
  const scope: Record<string, unknown> = { ...(await packageExports()), ...prelude(), ...module, console: quietConsole };
  const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  const js = ts.transpileModule(`${instrument(example.code)}\nexport {};\n`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
    reportDiagnostics: false,
  }).outputText.replace(/^export \{\};\s*$/m, '');
  const run = new AsyncFunction('__scope', '__import', '__check', `const { ${names.join(', ')} } = __scope;\n{\n${js}\n}`);
  await run(scope, importer(example.file), check);
}

// ── The tests ──────────────────────────────────────────────────────────────────────────────────────────────────

const examples = sourceFiles(SRC).sort().flatMap(examplesOf);
const seen = new Map<string, number>();
const named = examples.map((e) => {
  const base = `${e.file} › ${e.symbol}`;
  const k = (seen.get(base) ?? 0) + 1;
  seen.set(base, k);
  return { example: e, name: k > 1 ? `${base} (${k})` : base };
});

describe('every @example in src/ runs', () => {
  // Examples that write files write them into a fresh folder, removed afterwards.
  const home = process.cwd();
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'neuromusic-examples-'));
    process.chdir(scratch);
  });
  afterAll(() => {
    process.chdir(home);
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const { example, name } of named) {
    if (example.notRun) continue;
    it(name, async () => {
      await runExample(example);
    });
  }

  it('has its few examples that cannot run here marked, with a reason', () => {
    const notRun = named.filter((n) => n.example.notRun).map((n) => `${n.name}: ${n.example.notRun}`);
    console.info(`${notRun.length} of ${named.length} examples not run:\n${notRun.join('\n')}`);
    expect(named.length).toBeGreaterThan(250);
    expect(notRun.length).toBeLessThan(0.1 * named.length);
  });
});
