// `kvmsim scenario`: list the scenario library and the entry points, or run
// one scenario on a kernel tree (or on the built-in example) and print what
// the explorer found, each finding with its trace.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extractProgram } from '@kvmsim/extract';
import { UNMODELLED_BRANCH, renderLanes, sanitizeTerminal } from '@kvmsim/report';
import {
  ENTRY_POINTS,
  builtinScenario,
  builtinScenarios,
  parseScenario,
  runScenario,
  seedVariants,
  type Scenario,
} from '@kvmsim/scenarios';
import { parseCommandArgs } from '../../args.js';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { exampleTree, readTree } from '../../sources/read-tree.js';

const HELP = `kvmsim scenario: the race scenarios.

Usage:
  kvmsim scenario list [--entries] [--json]
  kvmsim scenario run <name-or-file.yaml> (--src DIR | --example VARIANT) [--json]

run extracts the analysis set of the kernel tree at DIR (or the built-in
example: upstream, or a variant of the seed thread; see \`scenario list\`),
explores every interleaving of the scenario's threads and prints each finding
with its trace. A scenario is a built-in name or a YAML file.
Exit codes: 0 nothing found, 1 findings, 2 bad input, 3 cut off or not run with nothing found.
`;

const OPTIONS = {
  entries: { type: 'boolean' },
  json: { type: 'boolean' },
  src: { type: 'string' },
  example: { type: 'string' },
} as const;

function list(values: { entries?: boolean | undefined; json?: boolean | undefined }, io: CliIo) {
  if (values.entries === true) {
    const entries = Object.values(ENTRY_POINTS);
    if (values.json === true)
      io.stdout(
        `${JSON.stringify(
          entries.map(({ fields: _fields, ...entry }) => entry),
          null,
          2,
        )}\n`,
      );
    else
      for (const entry of entries)
        io.stdout(
          `${entry.name.padEnd(26)} ${entry.function}\n${' '.repeat(27)}${entry.summary}\n${' '.repeat(27)}from ${entry.reachedFrom}\n`,
        );
    return EXIT_CODES.clean;
  }
  const scenarios = builtinScenarios();
  if (values.json === true) io.stdout(`${JSON.stringify(scenarios, null, 2)}\n`);
  else {
    for (const scenario of scenarios)
      io.stdout(`${scenario.name.padEnd(36)} ${scenario.description.split('. ')[0]}\n`);
    io.stdout(
      `\nexample variants (--example): upstream, ${seedVariants()
        .map((variant) => variant.name)
        .join(', ')}\n`,
    );
  }
  return EXIT_CODES.clean;
}

async function scenarioNamed(name: string, io: CliIo): Promise<Scenario> {
  if (/\.ya?ml$/.test(name)) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, name), 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { cause: error },
      );
    }
    return parseScenario(text, name);
  }
  const scenario = builtinScenario(name);
  if (scenario === undefined)
    throw new UsageError(
      `no scenario '${name}'; \`kvmsim scenario list\` lists them, or give a .yaml file`,
    );
  return scenario;
}

async function run(
  positionals: readonly string[],
  values: { src?: string | undefined; example?: string | undefined; json?: boolean | undefined },
  io: CliIo,
) {
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError('scenario run needs a scenario name or file');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if ((values.src === undefined) === (values.example === undefined))
    throw new UsageError('scenario run needs exactly one of --src DIR and --example VARIANT');
  const scenario = await scenarioNamed(name, io);
  const sources =
    values.src !== undefined
      ? await readTree(io.cwd, values.src)
      : exampleTree(values.example ?? 'upstream');
  const { program } = await extractProgram(sources);
  const outcome = runScenario(scenario, program);
  if (outcome.skipped !== undefined) {
    if (values.json === true)
      io.stdout(
        `${JSON.stringify({ scenario: scenario.name, skipped: outcome.skipped }, null, 2)}\n`,
      );
    else io.stdout(`${scenario.name}: not run: ${outcome.skipped}\n`);
    return EXIT_CODES.incomplete;
  }
  const { result } = outcome;
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ scenario: scenario.name, ...result }, null, 2)}\n`);
  } else {
    const coverage = result.exhaustive
      ? 'every interleaving'
      : `cut by the ${result.stopReason} budget`;
    io.stdout(
      `${scenario.name}: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${result.statesExplored} states, ${coverage})\n\n`,
    );
    for (const finding of result.findings) {
      const note = finding.restsOnUnknown ? ` [${UNMODELLED_BRANCH}]` : '';
      io.stdout(`${finding.kind}: ${sanitizeTerminal(finding.message)}${note}\n`);
      io.stdout(`${renderLanes(finding.trace)}\n\n`);
    }
    for (const finding of result.unverified)
      io.stdout(
        `unverified (fired only after an unmodelled branch, not a finding): ${sanitizeTerminal(finding.message)}\n`,
      );
    for (const notice of result.notices) io.stdout(`note: ${sanitizeTerminal(notice.message)}\n`);
  }
  if (result.findings.length > 0) return EXIT_CODES.findings;
  return result.exhaustive ? EXIT_CODES.clean : EXIT_CODES.incomplete;
}

export const scenarioCommand: Command = {
  summary: 'list the race scenarios, or run one on a kernel tree',
  help: HELP,
  run: async (argv, io) => {
    const parsed = parseCommandArgs(argv, OPTIONS);
    const [action, ...rest] = parsed.positionals;
    if (action === 'list') return list(parsed.values, io);
    if (action === 'run') return run(rest, parsed.values, io);
    throw new UsageError(
      action === undefined
        ? 'scenario needs list or run'
        : `unknown scenario action "${action}"; use list or run`,
    );
  },
};
