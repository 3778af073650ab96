// lock-order: a cycle in the lock-order graph gathered over every explored
// execution from the lock edges steps observed (lockdep's rule, with SRCU as
// lockdep models it), closed with the catalogue's documented order and SRCU
// rules. One finding per new inversion, shortest cycle first, with the trace
// of every observed edge as its witnesses.
import type { LockCatalogue } from '@kvmsim/mmu-model';
import type { Counterexample } from '../engine/transition-system.js';
import type { LockEdge, Violation } from '../kvm/observation.js';
import type { SimStep, Site } from '../kvm/sim-state.js';
import { compareTraces } from '../engine/explore-states.js';
import { stepRank } from '../kvm/sim-state.js';
import { LockOrderGraph } from './lock-order-graph.js';

function documentedOrder(catalogue: LockCatalogue): { from: string; to: string; source: string }[] {
  return [
    ...catalogue.order.map((edge) => ({ from: edge.outer, to: edge.inner, source: edge.source })),
    ...catalogue.srcuRules.flatMap((rule) =>
      rule.forbiddenInside.map((lock) => ({ from: lock, to: rule.srcu, source: rule.source })),
    ),
  ];
}

type EdgeWitness =
  { readonly observed: Counterexample<SimStep, LockEdge> } | { readonly documented: string };

/** lockdep's verdict over every explored execution, with the documented order filling in. */
interface LockOrderCounterexample extends Counterexample<SimStep, Violation> {
  readonly witnesses: readonly (readonly SimStep[])[];
}

export function lockOrderFindings(
  catalogue: LockCatalogue,
  edges: readonly Counterexample<SimStep, LockEdge>[],
): LockOrderCounterexample[] {
  const graph = new LockOrderGraph<EdgeWitness>();
  for (const edge of edges)
    graph.add(edge.violation.edge.from, edge.violation.edge.to, { observed: edge });
  for (const edge of documentedOrder(catalogue))
    graph.add(edge.from, edge.to, { documented: edge.source });
  const out: LockOrderCounterexample[] = [];
  // As lockdep reports one splat per inversion: shortest cycles first, and a
  // cycle whose observed edges were all reported already adds nothing.
  const covered = new Set<string>();
  const cycles = graph.cycles().sort((a, b) => a.length - b.length);
  for (const cycle of cycles) {
    const observed = cycle.flatMap((edge) =>
      'observed' in edge.witness ? [edge.witness.observed] : [],
    );
    const shortest = [...observed].sort((a, b) => compareTraces(a.steps, b.steps, stepRank))[0];
    if (shortest === undefined) continue;
    const edgeKeys = observed.map((edge) => edge.violation.key);
    if (edgeKeys.every((key) => covered.has(key))) continue;
    for (const key of edgeKeys) covered.add(key);
    const parts = cycle.map((edge) =>
      'observed' in edge.witness
        ? `${edge.from} → ${edge.to} (${edge.witness.observed.violation.message}, ${edge.witness.observed.violation.sites[0]?.loc.file}:${edge.witness.observed.violation.sites[0]?.loc.line})`
        : `${edge.from} → ${edge.to} (documented: ${edge.witness.documented})`,
    );
    const sites: Site[] = observed.flatMap((edge) => edge.violation.sites);
    const nodes = cycle.map((edge) => edge.from);
    out.push({
      violation: {
        kind: 'lock-order',
        rule: 'lock-cycle',
        key: `lock-order|${[...nodes].sort().join('>')}`,
        message: `lock order cycle ${[...nodes, nodes[0]].join(' → ')}: ${parts.join('; ')}`,
        threads: [...new Set(observed.flatMap((edge) => edge.violation.threads))],
        sites,
        subject: nodes.join(' → '),
      },
      steps: shortest.steps,
      witnesses: observed.map((edge) => edge.steps),
    });
  }
  return out;
}
