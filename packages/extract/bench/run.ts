// Benchmark: parse + extract of a default analysis set (`npm run bench -w @kvmsim/extract`).
//
// With KVMSIM_LINUX_6_12 set (scripts/kernel-trees.sh unpacks Debian's
// linux-source-6.12 and exports it) it reads the real default analysis set
// of that tree, never committed here; without it, a synthetic set of about
// 25k lines made by repeating the extractor's own fixtures
// (src/__fixtures__) with renamed functions. Prints lines, functions,
// diagnostics by kind, the time of a cold run (every file parsed), and of a
// run where every file is served from the content-hash cache.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractProgram, isInAnalysisSet } from '../dist/index.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function kernelSet(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const dir of ['arch/arm64/kvm', 'virt/kvm', 'include/linux', 'arch/arm64/include/asm']) {
    let files: string[] = [];
    try {
      files = walk(join(root, dir));
    } catch {
      continue;
    }
    for (const path of files) {
      const name = relative(root, path);
      if (isInAnalysisSet(name)) sources.set(name, readFileSync(path, 'utf8'));
    }
  }
  return sources;
}

function syntheticSet(targetLines: number): Map<string, string> {
  const root = fileURLToPath(new URL('../src/__fixtures__/', import.meta.url));
  // One file per fixture group, as big as a kernel file: the cache holds 512 files.
  const groups = new Map<string, string>();
  for (const path of walk(root).filter((file) => /\.[ch]$/.test(file))) {
    const group = relative(root, path).split(/[\\/]/)[0] ?? '';
    groups.set(group, `${groups.get(group) ?? ''}${readFileSync(path, 'utf8')}\n`);
  }
  const files = [...groups].map(([group, text]) => ({ name: `${group}.c`, text }));
  // The functions the fixtures define (kernel style: the name at column 0, the brace below).
  const defined = new Set(
    files.flatMap(({ text }) =>
      [...text.matchAll(/^[A-Za-z][^\n;=]*?\b(\w+)\s*\([^;]*\)\s*\n\{/gm)].map(
        (match) => match[1] ?? '',
      ),
    ),
  );
  const sources = new Map<string, string>();
  let lines = 0;
  for (let copy = 0; lines < targetLines; copy += 1) {
    for (const file of files) {
      // Renamed functions and a distinct path: a different file to parse, not a cache hit.
      const text = file.text.replace(/\b(\w+)(\s*\()/g, (match, name: string, paren: string) =>
        defined.has(name) ? `${name}_${copy}${paren}` : match,
      );
      sources.set(`arch/arm64/kvm/copy${copy}/${file.name}`, text);
      lines += text.split('\n').length;
    }
  }
  return sources;
}

/** The 6.12 tree scripts/kernel-trees.sh unpacked, if KVMSIM_LINUX_6_12 names one. */
function kernelTree(): { dir: string; label: string } | undefined {
  const dir = process.env.KVMSIM_LINUX_6_12;
  if (dir === undefined || dir === '') return undefined;
  const stamp = join(dir, '.kvmsim-tree');
  if (!existsSync(stamp)) {
    process.stderr.write(
      `KVMSIM_LINUX_6_12=${dir} is not a tree unpacked by scripts/kernel-trees.sh (no .kvmsim-tree in it)\n`,
    );
    process.exit(2);
  }
  return { dir, label: readFileSync(stamp, 'utf8').trim() };
}

const tree = kernelTree();
const sources = tree === undefined ? syntheticSet(25_000) : kernelSet(tree.dir);
const lines = [...sources.values()].reduce((sum, text) => sum + text.split('\n').length, 0);

const started = performance.now();
const cold = await extractProgram(sources);
const coldMs = performance.now() - started;
const again = performance.now();
const warm = await extractProgram(sources);
const warmMs = performance.now() - again;
// A second cold run on changed text: the parser and grammar are loaded already.
const touched = new Map([...sources].map(([path, text]) => [path, `${text}\n/* run 2 */\n`]));
const third = performance.now();
await extractProgram(touched);
const parseMs = performance.now() - third;

const byCode = new Map<string, number>();
for (const d of cold.program.diagnostics)
  byCode.set(`${d.severity} ${d.code}`, (byCode.get(`${d.severity} ${d.code}`) ?? 0) + 1);
console.log(
  `input: ${tree === undefined ? 'synthetic (the extractor fixtures repeated)' : `${tree.label} (${tree.dir})`}`,
);
console.log(
  `files ${sources.size}, lines ${lines}, functions modelled ${Object.keys(cold.program.functions).length}, guarded-by rules ${cold.program.guardRules.length}`,
);
console.log(`first run (loads the WASM grammar, parses every file): ${coldMs.toFixed(0)} ms`);
console.log(`parse + extract of changed text (grammar loaded):      ${parseMs.toFixed(0)} ms`);
console.log(
  `every file from the content-hash cache:                ${warmMs.toFixed(0)} ms (${warm.files.filter((f) => f.cached).length}/${warm.files.length} cached)`,
);
console.log('diagnostics:');
for (const [code, count] of [...byCode].sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(count).padStart(6)}  ${code}`);
