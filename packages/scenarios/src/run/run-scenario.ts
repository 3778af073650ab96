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

/**
 * The simulation input of `scenario` on `program`, with the budget of
 * `options` under the scenario's own limits; or why it cannot run. The half of
 * `runScenario` before the simulation, for callers that run it elsewhere (a
 * worker thread).
 */
export function scenarioInput(
  scenario: Scenario,
  program: ProgramModel,
  options: RunOptions = {},
):
  | { readonly input: SimulationInput; readonly skipped?: undefined }
  | { readonly skipped: string; readonly absent?: string } {
  const built = buildSimulation(scenario, program);
  if (built.skipped !== undefined)
    return {
      skipped: built.skipped,
      ...(built.absent === undefined ? {} : { absent: built.absent }),
    };
  if (options.budget === undefined) return { input: built.input };
  return {
    input: {
      ...built.input,
      options: {
        ...built.input.options,
        budget: { ...options.budget, ...built.input.options?.budget },
      },
    },
  };
}

/** The run of `scenario` from its simulation's result: the findings of the detectors it asks for. */
export function scenarioRun(
  scenario: Scenario,
  input: SimulationInput,
  result: SimulationResult,
): ScenarioRun {
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

export function runScenario(
  scenario: Scenario,
  program: ProgramModel,
  options: RunOptions = {},
): ScenarioRun {
  const prepared = scenarioInput(scenario, program, options);
  if (prepared.skipped !== undefined) return { scenario, ...prepared };
  return scenarioRun(scenario, prepared.input, simulate(prepared.input));
}
