import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimulationInput } from '@kvmsim/sim';
import { runCli } from '../../cli.js';
import { memoryIo } from '../../test-helpers/memory-io.js';

const loc = { file: 'arch/arm64/kvm/mmu.c', line: 10, column: 2 };
const input: SimulationInput = {
  program: {
    irVersion: 1,
    functions: {
      flush: {
        name: 'flush',
        params: ['kvm'],
        loc,
        endLine: 20,
        isStatic: false,
        bodyHash: 'x',
        body: [
          {
            op: 'free',
            object: { kind: 'field', path: 'kvm.arch.nested_mmus' },
            api: 'kvfree',
            loc,
          },
        ],
      },
    },
    guardRules: [],
    diagnostics: [],
  },
  threads: [
    { name: 'exit_mm', entry: 'flush', args: [{ kind: 'addressOf', path: 'kvm' }] },
    { name: 'release', entry: 'flush', args: [{ kind: 'addressOf', path: 'kvm' }] },
  ],
  world: { fields: { 'kvm.arch.nested_mmus': { object: 'nested_mmus' } } },
};

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'kvmsim-export-'));
  writeFileSync(join(dir, 'flush.json'), JSON.stringify(input));
  return dir;
}

describe('kvmsim export promela', () => {
  it('prints a model with one proctype per thread', async () => {
    const io = memoryIo({ cwd: workspace() });
    expect(await runCli(['export', 'promela', 'flush.json'], io)).toBe(0);
    const model = io.out.join('');
    expect(model).toMatch(/proctype t0_exit_mm\(\)/);
    expect(model).toMatch(/proctype t1_release\(\)/);
    expect(model).toMatch(/double-free: kvfree in flush at arch\/arm64\/kvm\/mmu\.c:10/);
  });

  it('writes --output whole', async () => {
    const dir = workspace();
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['export', 'promela', 'flush.json', '-o', 'model.pml'], io)).toBe(0);
    expect(readFileSync(join(dir, 'model.pml'), 'utf8')).toMatch(/^\/\* kvmsim export/);
  });

  it('says what and where for a bad file', async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...input, threads: [{ name: 't', entry: 'flush' }] }),
    );
    writeFileSync(join(dir, 'broken.json'), '{ "program": ');
    const io = memoryIo({ cwd: dir });
    await expect(runCli(['export', 'promela', 'bad.json'], io)).rejects.toThrow(
      /^bad\.json: \$\.threads\.0\.args: /,
    );
    await expect(runCli(['export', 'promela', 'broken.json'], io)).rejects.toThrow(
      /^broken\.json: not valid JSON/,
    );
    await expect(runCli(['export', 'promela', 'missing.json'], io)).rejects.toThrow(
      /cannot read missing\.json: ENOENT/,
    );
    await expect(runCli(['export', 'svg', 'flush.json'], io)).rejects.toThrow(
      /unknown export format "svg"/,
    );
  });
});
