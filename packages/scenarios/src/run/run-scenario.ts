// Runs one scenario on one revision's program: the findings of the detectors
// it asks for, each with its trace, or why it could not run.
import type { ProgramModel } from '@kvmsim/mmu-model';
import { simulate, type SimulationInput, type SimulationResult } from '@kvmsim/sim';
import type { Scenario } from '../format/parse-scenario.js';
import { buildSimulation } from './build-simulation.js';

export type ScenarioRun =
  | {
      readonly scenario: Scenario;
      readonly input: SimulationInput;
      readonly result: SimulationResult;
      readonly skipped?: undefined;
    }
  | { readonly scenario: Scenario; readonly skipped: string; readonly result?: undefined };

export function runScenario(scenario: Scenario, program: ProgramModel): ScenarioRun {
  const built = buildSimulation(scenario, program);
  if (built.skipped !== undefined) return { scenario, skipped: built.skipped };
  const result = simulate(built.input);
  const wanted = scenario.properties;
  return {
    scenario,
    input: built.input,
    result:
      wanted === undefined
        ? result
        : {
            ...result,
            findings: result.findings.filter((finding) => wanted.includes(finding.kind)),
          },
  };
}
