import { describe, expect, it } from 'vitest';
import { SEED_CASES } from '../test-helpers/seed-cases.js';
import { SimulationInputFormatError, parseSimulationInput } from './simulation-input-schema.js';
import { simulate } from './simulate.js';

describe('parseSimulationInput', () => {
  it('round-trips every seed case through JSON to the same findings', () => {
    for (const input of Object.values(SEED_CASES)) {
      const parsed = parseSimulationInput(JSON.parse(JSON.stringify(input)), 'case.json');
      expect(simulate(parsed).findings).toEqual(simulate(input).findings);
    }
  });

  it('names the file and the JSON path of the first problem', () => {
    const input = JSON.parse(JSON.stringify(SEED_CASES['upstream-flush']));
    input.threads[1].args = [{ kind: 'adress', path: 'kvm' }];
    expect(() => parseSimulationInput(input, 'flush.json')).toThrow(SimulationInputFormatError);
    expect(() => parseSimulationInput(input, 'flush.json')).toThrow(
      /^flush\.json: \$\.threads\.1\.args\.0/,
    );
    expect(() => parseSimulationInput({ ...input, threads: [] }, 'f.json')).toThrow(/\$\.threads/);
    const valid = JSON.parse(JSON.stringify(SEED_CASES['upstream-flush']));
    expect(() => parseSimulationInput({ ...valid, extra: 1 }, 'f.json')).toThrow(
      /f\.json: \$: .*extra/i,
    );
  });

  it('builds the helper context from the VM facts, and rejects an impossible one', () => {
    const input = {
      ...JSON.parse(JSON.stringify(SEED_CASES['chunk-size-change'])),
      vm: { granule: '4K', ipaBits: 40 },
    };
    expect(parseSimulationInput(input).helpers?.geometry.granule).toBe('4K');
    expect(() =>
      parseSimulationInput({ ...input, vm: { granule: '4K', ipaBits: 99 } }, 'v.json'),
    ).toThrow(/v\.json: \$\.vm: /);
  });
});
