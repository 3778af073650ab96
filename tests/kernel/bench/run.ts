// The real-kernel bench: each variant of the seed thread as a pull request
// against Debian's 6.12 tree, through the whole pipeline. Prints, per
// variant, the wall time by phase and the verdict, and per scenario the
// states explored on each side and whether the run was exhaustive. Needs
// KVMSIM_LINUX_6_12 (scripts/kernel-trees.sh); says so and exits 0 without.
import { loadavg, cpus } from 'node:os';
import { analyzeSources } from '@kvmsim/analyze';
import { applyEdits } from '../src/edit.js';
import { kernelTree, readTree } from '../src/kernel-tree.js';
import { SEED_VARIANTS } from '../src/seed-variants.js';

const tree = kernelTree('6.12');
if ('missing' in tree) {
  process.stdout.write(`real-kernel bench skipped: ${tree.missing}\n`);
  process.exit(0);
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(1).padStart(6);
const run = (summary: { statesExplored: number; exhaustive: boolean } | undefined) =>
  summary === undefined
    ? 'not run'.padEnd(18)
    : `${summary.statesExplored.toLocaleString('en-US')}${summary.exhaustive ? '' : ' CUT'}`.padEnd(
        18,
      );

process.stdout.write(
  `kvmsim real-kernel bench: ${tree.package}, ${cpus().length} cores, load ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}\n\n`,
);
const base = readTree(tree);
for (const variant of SEED_VARIANTS) {
  const head = applyEdits(base, variant.edits, tree, variant.name);
  const started = performance.now();
  const report = await analyzeSources({
    base: { label: tree.package, sources: base },
    head: { label: variant.name, sources: head },
    toolVersion: 'bench',
    workers: cpus().length,
  });
  const wall = performance.now() - started;
  const { timings } = report;
  process.stdout.write(
    `${variant.name}: ${seconds(wall)} s (extract ${seconds(timings.extract).trim()} s, explore ${seconds(timings.explore).trim()} s, policy ${seconds(timings.policy).trim()} s)\n` +
      `  ${report.verdict.conclusion}: ${report.verdict.summary}\n` +
      `  ${'scenario'.padEnd(38)}${'base states'.padEnd(18)}${'head states'.padEnd(18)}\n` +
      report.scenarios
        .map(
          (scenario) =>
            `  ${scenario.name.padEnd(38)}${run(scenario.base)}${run(scenario.head)}${seconds((scenario.base?.durationMs ?? 0) + (scenario.head?.durationMs ?? 0))} s`,
        )
        .join('\n') +
      '\n\n',
  );
}
