import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './scenario-schema.js';
import { ScenarioFormatError, parseScenario } from './parse-scenario.js';

const valid = `name: two-flushes
description: two flushes at once
vm:
  chunkSize: 1G
  nested: true
threads:
  - { name: exit_mm, entry: mmu-notifier-release }
  - entry: vm-release
`;

function problem(text: string): string {
  try {
    parseScenario(text, 'scenarios/bad.yaml');
  } catch (error) {
    if (error instanceof ScenarioFormatError) return error.message;
    throw error;
  }
  throw new Error('expected a ScenarioFormatError');
}

describe('parseScenario', () => {
  it('reads a scenario, with defaults for the VM', () => {
    const scenario = parseScenario(valid, 'scenarios/two-flushes.yaml');
    expect(scenario).toMatchObject({
      name: 'two-flushes',
      vm: { granule: '4K', ipaBits: 40, chunkSize: '1G', nested: true, stage2: true, memslots: [] },
      source: 'scenarios/two-flushes.yaml',
    });
  });

  it('names the file, line and field of a missing field or a wrong type', () => {
    expect(problem(valid.replace('description: two flushes at once\n', ''))).toMatch(
      /^scenarios\/bad\.yaml:1: description: /,
    );
    expect(problem(valid.replace('nested: true', 'nested: sometimes'))).toBe(
      'scenarios/bad.yaml:5: vm.nested: Invalid input: expected boolean, received string',
    );
    expect(problem(valid.replace('chunkSize: 1G', 'chunkSize: huge'))).toMatch(
      /^scenarios\/bad\.yaml:4: vm\.chunkSize: /,
    );
    expect(problem(`${valid}colour: red\n`)).toMatch(
      /^scenarios\/bad\.yaml:\d+: \(top level\): .*colour/,
    );
  });

  it('rejects unknown entry points and options, and a thread with neither entry nor steps', () => {
    expect(problem(valid.replace('entry: vm-release', 'entry: vm-explode'))).toMatch(
      /^scenarios\/bad\.yaml:8: threads\[1\]\.entry: unknown entry point 'vm-explode'; known: set-memory-region, /,
    );
    expect(
      problem(valid.replace('entry: vm-release', 'entry: vm-release\n    with: { colour: red }')),
    ).toBe("scenarios/bad.yaml:9: threads[1].with.colour: vm-release has no option 'colour'");
    expect(problem(valid.replace('  - entry: vm-release\n', '  - name: nothing\n'))).toMatch(
      /^scenarios\/bad\.yaml:8: threads\[1\]: a thread has either `entry` or `steps`/,
    );
  });

  it('reports broken YAML with its line', () => {
    expect(problem('name: x\ndescription: [unclosed\n')).toMatch(
      /^scenarios\/bad\.yaml:\d+: \(YAML\): /,
    );
  });

  it('publishes its JSON schema (schema/scenario.schema.json)', async () => {
    await expect(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`).toMatchFileSnapshot(
      '../../schema/scenario.schema.json',
    );
  });
});
