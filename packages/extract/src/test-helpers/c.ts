// Test helpers: extract C text given inline, and read the seed fixture trees.
import { readFileSync, readdirSync, statSync } from 'node:fs';
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

// The seed thread's example: the scenario library's upstream tree and patches
// (packages/scenarios/examples/seed). Patches are applied with the scenarios
// package's own code in its tests; here each variant's files are rebuilt with
// \`diff\`'s applyPatch to keep the dependency one way.
import { applyPatch, parsePatch } from 'diff';

const SEED = new URL('../../../scenarios/examples/seed/', import.meta.url).pathname;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

export const SEED_VARIANTS = readdirSync(join(SEED, 'patches'))
  .filter((entry) => entry.endsWith('.patch'))
  .map((entry) => entry.replace(/\.patch$/, ''))
  .sort();

/** The upstream tree, or it with a variant's patch applied. */
export function seedTree(variant: string): Map<string, string> {
  const root = join(SEED, 'upstream');
  const tree = new Map(
    walk(root).map((path) => [relative(root, path), readFileSync(path, 'utf8')]),
  );
  if (variant === 'upstream') return tree;
  for (const file of parsePatch(readFileSync(join(SEED, 'patches', `${variant}.patch`), 'utf8'))) {
    const path = (file.newFileName ?? '').replace(/^b\//, '');
    const result = applyPatch(tree.get(path) ?? '', file);
    if (result === false) throw new Error(`${variant}: the patch does not apply to ${path}`);
    tree.set(path, result);
  }
  return tree;
}
