// Test helpers: extract C text given inline, and read the seed fixture trees.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { extractProgram, type ExtractOptions } from '../extract.js';
import { formatFunction } from '../format-ir.js';

/** Extracts one file's text and returns the IR of `name` as text, and the diagnostics. */
export async function lowered(code: string, name: string, options: ExtractOptions = {}) {
  const { program } = await extractProgram(new Map([['arch/arm64/kvm/test.c', code]]), {
    slice: false,
    ...options,
  });
  const fn = program.functions[name];
  if (fn === undefined)
    throw new Error(
      `${name} not extracted; functions: ${Object.keys(program.functions).join(', ')}`,
    );
  // Drop the header line and the column of line numbers: the statements are what is checked.
  const body = formatFunction(fn)
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.slice(6));
  return {
    body,
    diagnostics: program.diagnostics.filter((d) => d.function === name || d.function === undefined),
    program,
  };
}

const FIXTURES = new URL('../__fixtures__/seed/', import.meta.url).pathname;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

export const SEED_VARIANTS = readdirSync(FIXTURES)
  .filter((entry) => entry !== 'upstream')
  .sort();

/** The upstream tree with a variant's files laid over it. */
export function seedTree(variant: string): Map<string, string> {
  const tree = new Map<string, string>();
  for (const layer of ['upstream', variant]) {
    const root = join(FIXTURES, layer);
    if (!existsSync(root)) continue;
    for (const path of walk(root)) tree.set(relative(root, path), readFileSync(path, 'utf8'));
  }
  return tree;
}
