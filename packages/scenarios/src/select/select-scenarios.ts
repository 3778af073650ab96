// Which scenarios a pull request needs: every scenario one of whose threads
// can reach a changed function through the call graph, every scenario marked
// `always`, and every entry point that reaches a changed function run alone
// (where a new lockdep_assert_held() in a callee meets a caller that does not
// hold the lock). Each choice says why.
import type { ProgramModel } from '@kvmsim/mmu-model';
import { forEachStatement } from '@kvmsim/mmu-model';
import { ENTRY_POINTS } from '../entry-points/entry-points.js';
import type { Scenario } from '../format/parse-scenario.js';

export interface Selection {
  readonly scenario: Scenario;
  readonly picked: boolean;
  readonly reason: string;
}

/** The call graph of a program: function → functions it calls. */
export function callGraph(program: ProgramModel): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const fn of Object.values(program.functions)) {
    const out = new Set<string>();
    forEachStatement(fn.body, (stmt) => {
      if (stmt.op === 'call') out.add(stmt.callee);
    });
    graph.set(fn.name, out);
  }
  return graph;
}

/** The shortest call chain from `from` to any of `targets`, or undefined. */
export function callChain(
  graph: ReadonlyMap<string, ReadonlySet<string>>,
  from: string,
  targets: ReadonlySet<string>,
): string[] | undefined {
  const previous = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    if (targets.has(at)) {
      const chain = [at];
      for (let step = previous.get(at); step !== undefined; step = previous.get(step))
        chain.unshift(step);
      return chain;
    }
    for (const next of [...(graph.get(at) ?? [])].sort()) {
      if (previous.has(next)) continue;
      previous.set(next, at);
      queue.push(next);
    }
  }
  return undefined;
}

function scenarioEntries(scenario: Scenario): string[] {
  return scenario.threads.flatMap((thread) =>
    (thread.steps ?? [{ entry: thread.entry ?? '' }]).map((step) => step.entry),
  );
}

/** A scenario running one entry point alone, for the single-thread checks. */
export function aloneScenario(entry: string): Scenario {
  return {
    name: `alone-${entry}`,
    description: `${entry} on its own: what shows without any interleaving (assertions, sleeping in atomic context, self-deadlock)`,
    // A VM being created has no stage-2 table yet; every other entry point runs on a live one.
    vm: {
      granule: '4K',
      ipaBits: 40,
      chunkSize: '1G',
      nested: true,
      stage2: entry !== 'vm-create',
      memslots: [],
      splitCache: { filled: true, pages: 1 },
    },
    threads: [{ entry }],
    properties: [
      'missing-lock',
      'deadlock',
      'sleep-in-atomic',
      'warn',
      'double-free',
      'use-after-free',
    ],
    source: `entry point ${entry}`,
  };
}

/**
 * Picks scenarios for the changed functions of a pull request. `programs` are
 * the base and head programs: a function removed in head is reached in base.
 */
export function selectScenarios(
  scenarios: readonly Scenario[],
  programs: readonly ProgramModel[],
  changed: readonly string[],
): Selection[] {
  const graphs = programs.map(callGraph);
  const targets = new Set(changed);
  const reach = (entry: string): string[] | undefined => {
    const fn = ENTRY_POINTS[entry]?.function;
    if (fn === undefined) return undefined;
    for (const graph of graphs) {
      const chain = callChain(graph, fn, targets);
      if (chain !== undefined) return chain;
    }
    return undefined;
  };
  const out: Selection[] = [];
  for (const scenario of scenarios) {
    const hit = scenarioEntries(scenario)
      .map((entry) => ({ entry, chain: reach(entry) }))
      .find((candidate) => candidate.chain !== undefined);
    if (hit?.chain !== undefined)
      out.push({
        scenario,
        picked: true,
        reason: `${hit.entry} reaches ${hit.chain.at(-1)}: ${hit.chain.join(' → ')}`,
      });
    else if (scenario.always === true)
      out.push({ scenario, picked: true, reason: 'marked always' });
    else
      out.push({
        scenario,
        picked: false,
        reason:
          changed.length === 0 ? 'no function changed' : `no thread reaches ${changed.join(', ')}`,
      });
  }
  for (const entry of Object.keys(ENTRY_POINTS)) {
    const chain = reach(entry);
    if (chain === undefined) continue;
    out.push({
      scenario: aloneScenario(entry),
      picked: true,
      reason: `${entry} alone reaches ${chain.at(-1)}: ${chain.join(' → ')}`,
    });
  }
  return out;
}
