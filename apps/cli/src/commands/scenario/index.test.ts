import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedTree } from '@kvmsim/scenarios';
import { runCli } from '../../cli.js';
import { memoryIo } from '../../test-helpers/memory-io.js';

describe('kvmsim scenario', () => {
  it('lists the library, the example variants and the entry points', async () => {
    const io = memoryIo();
    expect(await runCli(['scenario', 'list'], io)).toBe(0);
    expect(io.out.join('')).toMatch(
      /^flush-vs-flush\s+Two concurrent kvm_arch_flush_shadow_all\(\) calls/m,
    );
    expect(io.out.join('')).toContain(
      'example variants (--example): upstream, flush-takes-slots-lock',
    );
    const entries = memoryIo();
    await runCli(['scenario', 'list', '--entries'], entries);
    expect(entries.out.join('')).toMatch(/^vcpu-fault\s+kvm_handle_guest_abort$/m);
  });

  it('runs a scenario on the built-in example: the double free upstream, with its trace; nothing on patch 1', async () => {
    const upstream = memoryIo();
    expect(
      await runCli(['scenario', 'run', 'flush-vs-flush', '--example', 'upstream'], upstream),
    ).toBe(1);
    const out = upstream.out.join('');
    expect(out).toMatch(
      /^double-free: kvm_vm_release frees nested_mmus again with kvfree in kvm_arch_flush_shadow_all/m,
    );
    expect(out).toContain('kvfree(nested_mmus#');
    expect(out).toContain('arch/arm64/kvm/mmu.c:');
    const patched = memoryIo();
    expect(
      await runCli(
        ['scenario', 'run', 'memslot-commit-vs-flush', '--example', 'keep-cache-until-destroy'],
        patched,
      ),
    ).toBe(0);
    expect(patched.out.join('')).toMatch(
      /^memslot-commit-vs-flush: 0 findings \(\d+ states, every interleaving\)/,
    );
  });

  it('runs a scenario file on a source tree given with --src, as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvmsim-scenario-'));
    for (const [path, text] of seedTree('naive-self-deadlock')) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    writeFileSync(
      join(dir, 'mine.yaml'),
      'name: mine\ndescription: one flush\nthreads:\n  - entry: mmu-notifier-release\n',
    );
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['scenario', 'run', 'mine.yaml', '--src', '.', '--json'], io)).toBe(1);
    const json = JSON.parse(io.out.join('')) as { findings: { kind: string }[] };
    expect(json.findings.map((finding) => finding.kind)).toEqual(['deadlock']);
  });

  it('says what is wrong', async () => {
    const io = memoryIo();
    await expect(runCli(['scenario', 'run', 'nope', '--example', 'upstream'], io)).rejects.toThrow(
      /no scenario 'nope'/,
    );
    await expect(runCli(['scenario', 'run', 'flush-vs-flush'], io)).rejects.toThrow(
      /exactly one of --src DIR and --example/,
    );
    await expect(
      runCli(['scenario', 'run', 'flush-vs-flush', '--example', 'patch9'], io),
    ).rejects.toThrow(/no seed variant 'patch9'/);
    await expect(
      runCli(['scenario', 'run', 'flush-vs-flush', '--src', '/nonexistent'], io),
    ).rejects.toThrow(/--src \/nonexistent: no such directory/);
  });
});
