// `kvmsim policy`: what a split-cache policy, or a patch, costs. `study` runs
// the seed thread's policies (and two trees, when given) over the built-in
// workloads, granules and chunk sizes; `run` runs one workload on one source
// tree; `list` names the workloads and policies.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { GRANULES, parseSize, type Granule } from '@kvmsim/mmu-model';
import {
  builtinPolicies,
  runPolicyStudy,
  type PolicyStudyOptions,
  type PolicyStudyProgress,
  type StudyPolicy,
} from '@kvmsim/analyze';
import { POLICY_REPORT_FORMATS, renderPolicyReport, type PolicyReport } from '@kvmsim/report';
import { builtinWorkload, builtinWorkloads, parseWorkload, type Workload } from '@kvmsim/scenarios';
import { parseCommandArgs } from '../../args.js';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError } from '../../errors.js';
import { parseFormat } from '../../format.js';
import type { CliIo } from '../../io.js';
import { writeAtomically } from '../../output.js';
import { progressBar } from '../../progress.js';
import { readTree } from '../../sources/read-tree.js';
import { VERSION } from '../../version.js';

const HELP = `kvmsim policy: what a split-cache policy or a patch costs, along workloads.

Usage:
  kvmsim policy study [--granule 4K,16K,64K] [--chunk 2M,1G] [--workload NAME,...] [options]
  kvmsim policy study --base-dir DIR --head-dir DIR [options]
  kvmsim policy run WORKLOAD --src DIR [options]
  kvmsim policy list

study runs every built-in workload on the split-cache policies of the seed
thread (upstream; keep-until-destroy; refuse-chunk-change; two-pass-split),
for each granule and each of its block sizes as the eager-split chunk size,
and reports per workload: split-cache memory at peak, at idle and over time,
pages allocated, blocks split, topups, mmu_lock drops, TLB invalidations, the
WARNs and findings along the way, the ioctl results that changed against the
baseline (ABI changes), and a chart of the cache over the workload. It also
runs the race explorer's built-in scenarios on each policy. With --base-dir
and --head-dir the two trees are studied too, base first, as the baseline.

run executes one workload (a built-in name or a YAML file) on the analysis set
of a source tree.

Options:
  --granule LIST      granules to study (default 4K,16K,64K)
  --chunk LIST        chunk sizes to study, kept where the granule has them
                      (default: each block size larger than a page)
  --workload LIST     built-in workload names or YAML files (study; default all)
  --vms N             VMs on the host, instead of each workload's own number
  --src DIR           the source tree (run)
  --base-dir DIR      a source tree studied as the baseline (study)
  --head-dir DIR      a source tree studied against it (study)
  --no-races          skip the race explorer's scenarios (study)
  --format FORMAT     text (default), markdown (or md), json or html (SVG charts)
  --json              the same as --format json
  --out FILE          write the report to FILE instead of stdout
  --quiet             no progress on stderr

Exit codes: 0 done, 2 usage or input error.
`;

const OPTIONS = {
  granule: { type: 'string' },
  chunk: { type: 'string' },
  workload: { type: 'string' },
  vms: { type: 'string' },
  src: { type: 'string' },
  'base-dir': { type: 'string' },
  'head-dir': { type: 'string' },
  'no-races': { type: 'boolean' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

function list(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function granules(values: Values): Granule[] | undefined {
  const names = list(values.granule);
  if (names === undefined) return undefined;
  for (const name of names)
    if (!(GRANULES as readonly string[]).includes(name))
      throw new UsageError(`--granule ${name}: expected ${GRANULES.join(', ')}`);
  return names as Granule[];
}

function chunkSizes(values: Values): number[] | undefined {
  return list(values.chunk)?.map((text) => {
    const size = parseSize(text);
    if (size === undefined || size <= 0)
      throw new UsageError(`--chunk ${text}: expected a size such as 2M or 1G`);
    return size;
  });
}

function vmCount(values: Values): number | undefined {
  if (values.vms === undefined) return undefined;
  const count = Number(values.vms);
  if (!Number.isInteger(count) || count < 1 || count > 4096)
    throw new UsageError(`--vms ${values.vms}: expected a whole number from 1 to 4096`);
  return count;
}

async function workload(io: CliIo, name: string): Promise<Workload> {
  const builtin = builtinWorkload(name);
  if (builtin !== undefined) return builtin;
  if (!/\.ya?ml$/.test(name))
    throw new UsageError(
      `no built-in workload '${name}'; known: ${builtinWorkloads()
        .map((known) => known.name)
        .join(', ')} (or give a .yaml file)`,
    );
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, name), 'utf8');
  } catch (error) {
    throw new UsageError(`${name}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  return parseWorkload(text, name);
}

async function tree(io: CliIo, flag: string, dir: string): Promise<StudyPolicy> {
  const sources = await readTree(io.cwd, dir, { flag });
  if (sources.size === 0)
    throw new UsageError(
      `${flag} ${dir}: no file of the analysis set (arch/arm64/kvm, virt/kvm, the KVM headers); is this a kernel tree?`,
    );
  const name = basename(resolve(io.cwd, dir));
  return { name, description: `the tree at ${dir}`, sources };
}

function studyProgress(io: CliIo, quiet: boolean) {
  const bar = progressBar(io, quiet ? 'quiet' : 'normal');
  let started = false;
  return {
    onProgress: (progress: PolicyStudyProgress) => {
      if (bar === undefined) return;
      if (!started) bar.start(progress.total, progress.done, { task: progress.label });
      else bar.update(progress.done, { task: progress.label });
      started = true;
    },
    stop: () => {
      if (started) bar?.stop();
    },
  };
}

/** The study, with a bar when asked; a study the options make empty is a usage error. */
async function studyWith(
  io: CliIo,
  values: Values,
  options: Omit<PolicyStudyOptions, 'toolVersion' | 'onProgress'>,
): Promise<PolicyReport> {
  const progress = studyProgress(io, values.quiet === true);
  try {
    return await runPolicyStudy({
      ...options,
      toolVersion: VERSION,
      onProgress: progress.onProgress,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.stop();
  }
}

async function output(io: CliIo, values: Values, report: PolicyReport): Promise<void> {
  const format = parseFormat(
    values.json === true ? 'json' : values.format,
    POLICY_REPORT_FORMATS,
    'text',
  );
  const text = renderPolicyReport(report, format);
  if (values.out === undefined) io.stdout(text);
  else {
    await writeAtomically(resolve(io.cwd, values.out), text);
    if (values.quiet !== true) io.stderr(`kvmsim: policy report written to ${values.out}\n`);
  }
}

function checkFormat(values: Values): void {
  parseFormat(values.format, POLICY_REPORT_FORMATS, 'text');
  if (values.json === true && values.format !== undefined && values.format !== 'json')
    throw new UsageError(`--json and --format ${values.format} exclude each other`);
}

async function study(io: CliIo, values: Values, positionals: readonly string[]): Promise<void> {
  if (positionals.length > 0)
    throw new UsageError(`study takes no positional argument, got ${positionals.join(' ')}`);
  if (values.src !== undefined) throw new UsageError('--src belongs to `policy run`');
  const dirs = values['base-dir'] !== undefined || values['head-dir'] !== undefined;
  if (dirs && (values['base-dir'] === undefined || values['head-dir'] === undefined))
    throw new UsageError('--base-dir and --head-dir go together');
  const trees = dirs
    ? [
        await tree(io, '--base-dir', values['base-dir'] as string),
        await tree(io, '--head-dir', values['head-dir'] as string),
      ]
    : [];
  if (trees.length === 2 && trees[0]?.name === trees[1]?.name)
    trees.forEach((policy, index) =>
      Object.assign(policy, { name: index === 0 ? 'base' : 'head' }),
    );
  const names = list(values.workload);
  const workloads =
    names === undefined ? undefined : await Promise.all(names.map((name) => workload(io, name)));
  const g = granules(values);
  const c = chunkSizes(values);
  const v = vmCount(values);
  const report = await studyWith(io, values, {
    policies: [...trees, ...builtinPolicies()],
    ...(workloads === undefined ? {} : { workloads }),
    ...(g === undefined ? {} : { granules: g }),
    ...(c === undefined ? {} : { chunkSizes: c }),
    ...(v === undefined ? {} : { vms: v }),
    races: values['no-races'] !== true,
  });
  await output(io, values, report);
}

async function run(io: CliIo, values: Values, positionals: readonly string[]): Promise<void> {
  const [name, ...extra] = positionals;
  if (name === undefined)
    throw new UsageError('policy run needs a WORKLOAD (a built-in name or a .yaml file)');
  if (extra.length > 0) throw new UsageError(`one workload expected, got ${positionals.join(' ')}`);
  if (values.src === undefined) throw new UsageError('policy run needs --src DIR');
  if (values['base-dir'] !== undefined || values['head-dir'] !== undefined)
    throw new UsageError('--base-dir and --head-dir belong to `policy study`');
  const chosen = await workload(io, name);
  const source = await tree(io, '--src', values.src);
  const g = granules(values);
  const c = chunkSizes(values);
  const v = vmCount(values);
  const report = await studyWith(io, values, {
    policies: [source],
    workloads: [chosen],
    granules: g ?? [chosen.vm.granule],
    ...(c === undefined ? {} : { chunkSizes: c }),
    ...(v === undefined ? {} : { vms: v }),
    races: false,
  });
  await output(io, values, report);
}

function listing(): string {
  const width = Math.max(
    ...builtinWorkloads().map((known) => known.name.length),
    ...builtinPolicies().map((policy) => policy.name.length),
  );
  const line = (name: string, text: string) =>
    `  ${name.padEnd(width)}  ${text.replace(/\s+/g, ' ')}`;
  return [
    'Workloads:',
    ...builtinWorkloads().map((known) => line(known.name, known.description)),
    '',
    'Policies:',
    ...builtinPolicies().map((policy) => line(policy.name, policy.description)),
    '',
  ].join('\n');
}

export const policyCommand: Command = {
  summary: 'split-cache memory, topups, lock drops and ABI changes along workloads',
  help: HELP,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const [verb, ...rest] = positionals;
    checkFormat(values);
    switch (verb) {
      case 'study':
        await study(io, values, rest);
        break;
      case 'run':
        await run(io, values, rest);
        break;
      case 'list':
        io.stdout(listing());
        break;
      default:
        throw new UsageError(
          verb === undefined
            ? 'policy needs a subcommand: study, run or list'
            : `unknown policy subcommand '${verb}'; expected study, run or list`,
        );
    }
    return EXIT_CODES.clean;
  },
};
