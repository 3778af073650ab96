// Benchmark of the policy runner (`npm run bench -w @kvmsim/scenarios`).
//
// 1. The target: a 1,000-round live migration on 64 VMs of one host
//    (1 GiB memslot each, 4K pages, 1G chunks; the first KVM_CLEAR_DIRTY_LOG
//    clears every page, each later round 1% of the bitmap's words, chosen per
//    VM and round), on the upstream-shaped example's C.
// 2. Each built-in workload on one VM, 4K pages with 1G and 2M chunks: how
//    long a row of `kvmsim policy study` takes.
// Prints wall time, interpreter steps, calls reused from an identical world,
// and the figures the run measured.
import { extractProgram } from '@kvmsim/extract';
import { runPolicy } from '@kvmsim/sim';
import { buildPolicy, builtinWorkloads, parseWorkload, policyTree } from '../dist/index.js';

const G = 2 ** 30;
const M = 2 ** 20;
const { program } = await extractProgram(policyTree('upstream'));

const migration = parseWorkload(
  `name: bench-migration
description: a 1,000-round live migration on 64 VMs
vms: 64
stagger: 3
steps:
  - create-memslot: { slot: 0, size: 1G }
  - enable-dirty-logging: { slot: 0 }
  - clear-dirty-log: { slot: 0, rounds: 1000, then: 1% }
  - disable-dirty-logging: { slot: 0 }
`,
  'bench-migration.yaml',
);

const started = performance.now();
const run = runPolicy(buildPolicy(migration, program, { granule: '4K', chunkSize: G }));
const seconds = (performance.now() - started) / 1000;
console.log('1,000-round live migration, 64 VMs, 1 GiB each, 4K pages, 1G chunks (upstream):');
console.log(`  wall ${seconds.toFixed(2)} s; ${run.ticks} host ticks`);
console.log(
  `  ${run.calls.toLocaleString('en-US')} calls into the C, ${run.reusedCalls.toLocaleString('en-US')} of them reused from an identical world; ${run.steps.toLocaleString('en-US')} interpreter steps`,
);
console.log(
  `  host peak ${run.host.peakCachePages} cache pages (${(run.host.peakCacheBytes / M).toFixed(1)} MiB), ` +
    `${run.host.blocksSplit} blocks split, ${run.host.topups} topups, ${run.host.lockDrops} mmu_lock drops, ` +
    `${run.findings.length} findings`,
);
console.log('');
console.log('Each built-in workload, one VM, upstream:');
console.log(
  `  ${'workload'.padEnd(24)}${'4K/1G'.padStart(10)}${'4K/2M'.padStart(10)}${'steps (1G)'.padStart(12)}`,
);
for (const workload of builtinWorkloads()) {
  const times: string[] = [];
  let steps = 0;
  for (const chunkSize of [G, 2 * M]) {
    const begin = performance.now();
    const result = runPolicy(buildPolicy(workload, program, { granule: '4K', chunkSize, vms: 1 }));
    times.push(`${((performance.now() - begin) / 1000).toFixed(2)} s`);
    if (chunkSize === G) steps = result.steps;
  }
  console.log(
    `  ${workload.name.padEnd(24)}${(times[0] ?? '').padStart(10)}${(times[1] ?? '').padStart(10)}${steps.toLocaleString('en-US').padStart(12)}`,
  );
}
