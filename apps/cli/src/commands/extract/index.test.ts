import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import { memoryIo } from '../../test-helpers/memory-io.js';

function tree() {
  const dir = mkdtempSync(join(tmpdir(), 'kvmsim-extract-'));
  mkdirSync(join(dir, 'arch/arm64/kvm/hyp/nvhe'), { recursive: true });
  writeFileSync(
    join(dir, 'arch/arm64/kvm/mmu.c'),
    'void flush(struct kvm *kvm)\n{\n\twrite_lock(&kvm->mmu_lock);\n\tkvfree(kvm->arch.nested_mmus);\n\twrite_unlock(&kvm->mmu_lock);\n}\n',
  );
  writeFileSync(join(dir, 'arch/arm64/kvm/hyp/nvhe/skip.c'), 'void hyp(void) {}\n');
  return dir;
}

describe('kvmsim extract', () => {
  it('prints the IR of a directory with repository-relative locations, skipping nVHE code', async () => {
    const io = memoryIo({ cwd: tree() });
    expect(await runCli(['extract', '.'], io)).toBe(0);
    const out = io.out.join('');
    expect(out).toContain('flush(kvm)  arch/arm64/kvm/mmu.c:1');
    expect(out).toContain('   3  lock kvm.mmu_lock (write)');
    expect(out).toContain('   4  kvfree(kvm.arch.nested_mmus)');
    expect(out).not.toContain('hyp(');
  });

  it('prints JSON with --json', async () => {
    const io = memoryIo({ cwd: tree() });
    expect(await runCli(['extract', 'arch/arm64/kvm/mmu.c', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out.join('')) as {
      program: { functions: Record<string, unknown> };
      files: unknown[];
    };
    expect(Object.keys(json.program.functions)).toEqual(['flush']);
  });

  it('says what is wrong with its arguments', async () => {
    const io = memoryIo({ cwd: tree() });
    await expect(runCli(['extract'], io)).rejects.toThrow(/at least one file/);
    await expect(runCli(['extract', 'nope.c'], io)).rejects.toThrow(/cannot read nope\.c: ENOENT/);
    await expect(runCli(['extract', '.', '--loop-bound', '0'], io)).rejects.toThrow(
      /--loop-bound 0/,
    );
  });
});
