// Benchmark of the race explorer against SPIN (`npm run bench -w @kvmsim/sim`).
//
// For each seed case and each member of a synthetic family (N threads, each
// taking K locks in a rotated order, with a shared write under every lock),
// it prints: states and transitions without reduction and with the default
// reduction, states per second (with reduction, to the verdict; without, of
// the search alone), time to verdict, peak heap, and SPIN's
// figures on the Promela export (spin -a, cc -O2, pan; with and without
// SPIN's partial-order reduction; end to end and search alone). Times are
// medians of five runs, kvmsim's after five to warm the JIT; SPIN's raw
// search is the median of five pan runs.
import type { LockCatalogue, Stmt } from '@kvmsim/mmu-model';
// The explorer runs from the build (tsc output), as users run it; only the helpers come from src.
import { exploreRaw, simulate, toPromela, type SimulationInput } from '../dist/index.js';
import { SEED_CASES } from '../src/test-helpers/seed-cases.js';
import { fn, ir, program, thread } from '../src/test-helpers/ir.js';
import { runSpin, spinAvailable } from '../src/test-helpers/spin.js';

function synthetic(threads: number, locks: number, rotate: boolean): SimulationInput {
  const catalogue: LockCatalogue = {
    locks: Array.from({ length: locks }, (_, index) => ({
      path: `bench.l${index}`,
      kind: 'mutex' as const,
      description: 'benchmark lock',
      source: 'bench',
    })),
    order: [],
    srcuRules: [],
  };
  const functions = Array.from({ length: threads }, (_, t) => {
    const order = Array.from({ length: locks }, (_, j) => (rotate ? (t + j) % locks : j));
    const body: Stmt[] = [];
    for (const lock of order) body.push(ir.lock(`bench.l${lock}`), ir.write(`bench.x${lock}`));
    for (const lock of [...order].reverse()) body.push(ir.unlock(`bench.l${lock}`));
    return fn(`thread${t}`, ['kvm'], body);
  });
  return {
    program: program(functions),
    threads: functions.map((f, t) => thread(`t${t}`, f.name)),
    locks: catalogue,
  };
}

/** N threads each writing M private fields: no reduction applies in SPIN without POR, raw throughput. */
function interleave(threads: number, writes: number): SimulationInput {
  const functions = Array.from({ length: threads }, (_, t) =>
    fn(
      `thread${t}`,
      ['kvm'],
      Array.from({ length: writes }, (_, j) => ir.write(`kvm.arch.x${t}_${j}`)),
    ),
  );
  return { program: program(functions), threads: functions.map((f, t) => thread(`t${t}`, f.name)) };
}

const gc = (globalThis as { gc?: () => void }).gc;

const RUNS = 5;
/** Runs before timing: the JIT optimises the explorer only after it has run a while. */
const WARM = 5;

/**
 * Time to verdict, the median of RUNS runs after WARM to warm the JIT, and the
 * heap one more exploration grows to (from a collected heap, sampled after it,
 * before any collection). The timed runs start from the heap as the runs
 * before left it: a full collection before each would shrink the young
 * generation and time its regrowth.
 */
function measure<Result>(input: SimulationInput, run: (input: SimulationInput) => Result) {
  let result = run(input);
  for (let count = 1; count < WARM; count += 1) result = run(input);
  const times: number[] = [];
  for (let count = 0; count < RUNS; count += 1) {
    const started = performance.now();
    result = run(input);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  gc?.();
  const before = process.memoryUsage().heapUsed;
  run(input);
  const heap = Math.max(0, process.memoryUsage().heapUsed - before);
  return { result, ms: times[Math.floor(RUNS / 2)] as number, heap };
}

const cases: [string, SimulationInput][] = [
  ...Object.entries(SEED_CASES),
  ...[
    [2, 2],
    [3, 3],
    [4, 3],
    [4, 4],
    [5, 4],
    [6, 3],
  ].flatMap(([n, k]) => [
    [`synthetic N=${n} K=${k} ordered`, synthetic(n as number, k as number, false)] as [
      string,
      SimulationInput,
    ],
    [`synthetic N=${n} K=${k} rotated`, synthetic(n as number, k as number, true)] as [
      string,
      SimulationInput,
    ],
  ]),
  ['interleave N=5 M=6', interleave(5, 6)],
  ['interleave N=6 M=6', interleave(6, 6)],
];

const spin = spinAvailable();
if (!spin) console.log('spin or cc not found: SPIN columns are empty (apt install spin)');
if (gc === undefined) console.log('run with node --expose-gc for heap figures');

const format = (value: number, digits = 1) =>
  Number.isFinite(value) ? value.toFixed(digits) : '-';
const rows: string[][] = [];
for (const [name, input] of cases) {
  // Raw throughput is the search alone, as SPIN's search time is: findings are not built.
  const full = measure({ ...input, options: { reduction: 'none' } }, exploreRaw);
  const reduced = measure(input, simulate);
  const verdict =
    [...new Set(reduced.result.findings.map((f) => f.kind))].sort().join(',') || 'clean';
  let spinFigures = ['-', '-', '-', '-', '-'];
  if (spin) {
    const model = toPromela(input);
    const withPor = await runSpin(model, { optimize: true, exhaustive: true });
    const withoutPor = await runSpin(model, {
      optimize: true,
      noReduce: true,
      exhaustive: true,
      repeat: RUNS,
    });
    const endToEnd = withPor.buildMs + withPor.safety.wallMs + withPor.deadlock.wallMs;
    const search = withPor.safety.searchMs + withPor.deadlock.searchMs;
    // State counts from the -A run with -c0: it ignores assertions and goes on past every
    // invalid end state, so like kvmsim it explores the whole space (the -E run stops each
    // path at its first assertion). Raw throughput: SPIN's search without its reduction,
    // states stored per second.
    const raw = withoutPor.deadlock;
    spinFigures = [
      String(raw.statesStored),
      String(withPor.deadlock.statesStored),
      format(endToEnd),
      format(search, 2),
      raw.searchMs >= 50 ? format(raw.statesStored / (raw.searchMs / 1000), 0) : '(< 50 ms)',
    ];
  }
  rows.push([
    name,
    verdict,
    String(full.result.statesExplored),
    String(reduced.result.statesExplored),
    String(reduced.result.transitions),
    format(reduced.ms, 2),
    format(reduced.result.statesExplored / (reduced.ms / 1000), 0),
    format(full.result.statesExplored / (full.ms / 1000), 0),
    format(reduced.heap / 2 ** 20, 1),
    ...spinFigures,
  ]);
}

const header = [
  'case',
  'verdict',
  'states (none)',
  'states (POR)',
  'transitions (POR)',
  'verdict ms',
  'states/s (POR)',
  'search states/s (none)',
  'heap MiB',
  'SPIN states (no POR)',
  'SPIN states (POR)',
  'SPIN end-to-end ms',
  'SPIN search ms',
  'SPIN states/s (no POR)',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
