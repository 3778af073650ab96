// Workloads on the seed thread's policies, run on their C: the figures below
// are worked out by hand from the kernel's code, not read back from a run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProgramModel } from '@kvmsim/mmu-model';
import { extractProgram } from '@kvmsim/extract';
import { policyTree, seedPolicies } from '../seed/seed-example.js';
import { buildPolicy } from './build-policy.js';
import { builtinWorkload, builtinWorkloads, runWorkload } from './library.js';
import { parseWorkload, WorkloadFormatError, type Workload } from './parse-workload.js';
import { workloadJsonSchema } from './workload-schema.js';
import { runPolicy } from '@kvmsim/sim';

const G = 2 ** 30;
const M = 2 ** 20;
const POLICIES = ['upstream', ...seedPolicies().map((policy) => policy.name)];
const programs = new Map<string, ProgramModel>();

beforeAll(async () => {
  for (const policy of POLICIES)
    programs.set(policy, (await extractProgram(policyTree(policy))).program);
});

const program = (policy: string) => programs.get(policy) as ProgramModel;
const workload = (name: string) => builtinWorkload(name) as Workload;

/** One migration round: the first KVM_CLEAR_DIRTY_LOG after enabling dirty logging. */
const ONE_ROUND = parseWorkload(
  `name: one-round
description: one live-migration round
steps:
  - create-memslot: { slot: 0, size: 1G }
  - enable-dirty-logging: { slot: 0 }
  - clear-dirty-log: { slot: 0, rounds: 1 }
`,
  'one-round.yaml',
);

describe('one live-migration round', () => {
  it('pins 513 cache pages at peak on a 4K granule with a 1 GiB chunk (1 + 512 tables)', () => {
    const run = runWorkload(ONE_ROUND, program('upstream'), { granule: '4K', chunkSize: G });
    expect(run.host.peakCachePages).toBe(513);
    expect(run.host.peakCacheBytes).toBe(513 * 4096 + 513 * 8);
    // The split took all 513 at once, the next word refilled the cache.
    expect(run.host.pagesTakenBySplits).toBe(513);
    expect(run.host.blocksSplit).toBe(1);
    expect(run.host.topups).toBe(2);
    expect(run.host.lockDrops).toBe(2);
    expect(run.host.tablePagesLive).toBe(2 + 513); // two concatenated start tables
    expect(run.findings).toEqual([]);
  });

  it('pins 1 page on a 64K granule with a 512 MiB chunk: no level-1 blocks, one table per block', () => {
    const run = runWorkload(ONE_ROUND, program('upstream'), { granule: '64K', chunkSize: 512 * M });
    expect(run.host.peakCachePages).toBe(1);
    expect(run.host.blocksSplit).toBe(2); // 1 GiB is two 512M blocks
    expect(run.host.pagesTakenBySplits).toBe(2);
  });

  it('with a 2 MiB chunk splits a 1G block one table at a time: 513 topups for a 2-page cache', () => {
    const run = runWorkload(ONE_ROUND, program('upstream'), { granule: '4K', chunkSize: 2 * M });
    expect(run.host.peakCachePages).toBe(2);
    expect(run.host.pagesTakenBySplits).toBe(513);
    expect(run.host.blocksSplit).toBe(513);
    expect(run.host.topups).toBe(513);
  });

  it('in two passes never holds more than one page, at the price of a topup per block', () => {
    const run = runWorkload(ONE_ROUND, program('two-pass-split'), { granule: '4K', chunkSize: G });
    expect(run.host.peakCachePages).toBe(1);
    expect(run.host.pagesTakenBySplits).toBe(513);
    expect(run.host.topups).toBe(514); // one per split, and the refill after the last
  });

  it('does nothing with eager splitting disabled (chunk size 0)', () => {
    const run = runWorkload(ONE_ROUND, program('upstream'), { granule: '4K', chunkSize: 0 });
    expect(run.host.peakCachePages).toBe(0);
    expect(run.host.blocksSplit).toBe(0);
  });
});

describe('the policies along the built-in workloads', () => {
  it('upstream frees the cache when dirty logging is disabled; keep-until-destroy holds it idle', () => {
    const upstream = runWorkload(workload('live-migration'), program('upstream'), {
      granule: '4K',
      chunkSize: G,
    });
    const kept = runWorkload(workload('live-migration'), program('keep-until-destroy'), {
      granule: '4K',
      chunkSize: G,
    });
    expect(upstream.host.idleCachePages).toBe(0);
    expect(upstream.host.cachePagesFreed).toBe(513);
    expect(kept.host.idleCachePages).toBe(513);
    expect(kept.host.cachePagesFreed).toBe(0);
  });

  it('a chunk-size change after use WARNs with the kept cache, and is refused with the capacity check', () => {
    const options = { granule: '4K' as const, chunkSize: G };
    const upstream = runWorkload(workload('chunk-size-after-use'), program('upstream'), options);
    const kept = runWorkload(
      workload('chunk-size-after-use'),
      program('keep-until-destroy'),
      options,
    );
    const refused = runWorkload(
      workload('chunk-size-after-use'),
      program('refuse-chunk-change'),
      options,
    );
    const enableCap = (run: typeof upstream) =>
      run.ioctls.filter((ioctl) => ioctl.ioctl === 'KVM_ENABLE_CAP').map((ioctl) => ioctl.result);
    // upstream: the cache went with the memslot, the change is legal and nothing WARNs.
    expect(enableCap(upstream)).toEqual(['0']);
    expect(upstream.findings.filter((finding) => finding.kind === 'warn')).toEqual([]);
    // keep-until-destroy: the topup asks 2 pages of a cache made for 513.
    expect(enableCap(kept)).toEqual(['0']);
    const warn = kept.findings.find((finding) => finding.kind === 'warn');
    expect(warn?.message).toMatch(
      /illegal to request a different capacity across topups \(cache has 513, topup asks 2\)/,
    );
    expect(warn?.label).toMatch(/KVM_CLEAR_DIRTY_LOG/);
    // refuse-chunk-change: -EINVAL to userspace, and no WARN.
    expect(enableCap(refused)).toEqual(['-22']);
    expect(refused.findings.filter((finding) => finding.kind === 'warn')).toEqual([]);
  });

  it('says which undecided branches it took as false', () => {
    const run = runWorkload(ONE_ROUND, program('upstream'), { granule: '4K', chunkSize: G });
    const sites = run.assumptions.map(
      (assumption) => `${assumption.site.function}:${assumption.site.loc.line}`,
    );
    expect(sites).toContain('need_split_memcache_topup_or_resched:28');
  });

  it('reuses outcomes across VMs without changing any figure', () => {
    const one = runWorkload(workload('live-migration'), program('upstream'), {
      granule: '4K',
      chunkSize: G,
      vms: 1,
    });
    const three = runPolicy({
      ...buildPolicy(workload('live-migration'), program('upstream'), {
        granule: '4K',
        chunkSize: G,
        vms: 3,
      }),
    });
    const fresh = runPolicy({
      ...buildPolicy(workload('live-migration'), program('upstream'), {
        granule: '4K',
        chunkSize: G,
        vms: 3,
      }),
      reuseOutcomes: false,
    });
    expect(three.reusedCalls).toBeGreaterThan(0);
    expect(fresh.reusedCalls).toBe(0);
    expect(three.perVm).toEqual(fresh.perVm);
    expect(three.host).toEqual(fresh.host);
    expect(three.perVm[2]).toEqual(one.host);
    expect(three.host.peakCachePages).toBe(3 * 513);
  });

  it('adds VMs started apart: the host peak is what they hold at once', () => {
    const staggered = runPolicy(
      buildPolicy({ ...workload('live-migration'), stagger: 6 }, program('upstream'), {
        granule: '4K',
        chunkSize: G,
        vms: 2,
      }),
    );
    // Each VM's migration is over (cache freed) before the next one starts.
    expect(staggered.host.peakCachePages).toBe(513);
    expect(staggered.ticks).toBe(12); // six ticks each
  });
});

describe('workload files', () => {
  it('every built-in workload parses and runs on upstream', () => {
    expect(builtinWorkloads().map((known) => known.name)).toEqual([
      'chunk-size-after-use',
      'chunk-size-before-use',
      'live-migration',
      'memslot-churn',
      'mix',
      'repeated-migration',
      'vm-teardown',
    ]);
  });

  it.each([
    [
      'steps:\n  - create-memslot: { slot: 0, size: 1G }\n',
      'w.yaml:1: name: Invalid input: expected string, received undefined',
    ],
    [
      'name: w\ndescription: d\nsteps:\n  - enable-dirty-logging: { slot: 3 }\n',
      'w.yaml:4: steps[0].enable-dirty-logging.slot: memslot 3 is not created before this step',
    ],
    [
      'name: w\ndescription: d\nsteps:\n  - destroy-vm: {}\n  - create-memslot: { slot: 0, size: 1G }\n',
      'w.yaml:5: steps[1]: create-memslot after destroy-vm: the VM is gone',
    ],
    [
      'name: w\ndescription: d\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - create-memslot: { slot: 0, size: 1G }\n',
      'w.yaml:7: steps[0].repeat.steps[0].create-memslot.slot: memslot 0 already exists',
    ],
    [
      'name: w\ndescription: d\nsteps:\n  - clear-dirty-log: { slot: 0, rounds: 1, then: lots }\n',
      "w.yaml:4: steps[0].clear-dirty-log.then: 'all' or a share such as 1%",
    ],
  ])('refuses a bad file with file:line: field: reason (%#)', (text, message) => {
    expect(() => parseWorkload(text, 'w.yaml')).toThrow(WorkloadFormatError);
    expect(() => parseWorkload(text, 'w.yaml')).toThrow(message);
  });

  it('refuses a block size the granule does not have, at the step that asks for it', () => {
    const bad = parseWorkload(
      'name: w\ndescription: d\nsteps:\n  - create-memslot: { slot: 0, size: 1G, blocks: 1G }\n',
      'w.yaml',
    );
    expect(() => buildPolicy(bad, program('upstream'), { granule: '64K' })).toThrow(
      'w.yaml:4: steps[0].create-memslot.blocks: 1G is not a block size of the 64K granule (64K, 512M)',
    );
  });

  it('says which function is missing when the code cannot run a workload', () => {
    const partial = { ...program('upstream'), functions: {} };
    expect(() => buildPolicy(ONE_ROUND, partial)).toThrow(
      /kvm_vm_ioctl_set_memory_region, the function of entry point set-memory-region, is not in the analysis set/,
    );
  });
});

describe('the workload schema', () => {
  it('publishes its JSON schema (schema/workload.schema.json)', async () => {
    await expect(`${JSON.stringify(workloadJsonSchema(), null, 2)}\n`).toMatchFileSnapshot(
      '../../schema/workload.schema.json',
    );
  });
});
