// Runs one scenario on one revision's program: the findings of the detectors
// it asks for, each with its trace, or why it could not run.
import type { ProgramModel } from '@kvmsim/mmu-model';
import {
  simulate,
  type ExploreBudget,
  type SimulationInput,
  type SimulationResult,
} from '@kvmsim/sim';
import type { Scenario } from '../format/parse-scenario.js';
import { buildSimulation } from './build-simulation.js';

export type ScenarioRun =
  | {
      readonly scenario: Scenario;
      readonly input: SimulationInput;
      readonly result: SimulationResult;
      readonly skipped?: undefined;
    }
  | {
      readonly scenario: Scenario;
      readonly skipped: string;
      /** An entry function the scenario needs is not in this revision (see BuiltSimulation). */
      readonly absent?: string;
      readonly result?: undefined;
    };

export interface RunOptions {
  /**
   * The budget of the run (a repository's config, a clock, a progress
   * callback); the limits the scenario file sets itself take precedence.
   */
  readonly budget?: ExploreBudget;
}

export function runScenario(
  scenario: Scenario,
  program: ProgramModel,
  options: RunOptions = {},
): ScenarioRun {
  const built = buildSimulation(scenario, program);
  if (built.skipped !== undefined)
    return {
      scenario,
      skipped: built.skipped,
      ...(built.absent === undefined ? {} : { absent: built.absent }),
    };
  const input: SimulationInput =
    options.budget === undefined
      ? built.input
      : {
          ...built.input,
          options: {
            ...built.input.options,
            budget: { ...options.budget, ...built.input.options?.budget },
          },
        };
  const result = simulate(input);
  const wanted = scenario.properties;
  return {
    scenario,
    input,
    result:
      wanted === undefined
        ? result
        : {
            ...result,
            findings: result.findings.filter((finding) => wanted.includes(finding.kind)),
            unverified: result.unverified.filter((finding) => wanted.includes(finding.kind)),
          },
  };
}
