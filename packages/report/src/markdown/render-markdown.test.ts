import { describe, expect, it } from 'vitest';
import { GITHUB_COMMENT_LIMIT } from '../comment-limit.js';
import type { Report, ReportFinding } from '../model/report.js';
import { COMMENT_MARKER, renderMarkdown } from './render-markdown.js';

const loc = (line: number) => ({ file: 'arch/arm64/kvm/nested.c', line, column: 2 });

function finding(index: number, name = 'kvm_arch_flush_shadow_all'): ReportFinding {
  return {
    id: `double-free-${index.toString(16).padStart(8, '0')}`,
    kind: 'double-free',
    scenario: 'two-flushes',
    scenarios: ['two-flushes'],
    message: `kvm.arch.nested_mmus is freed twice by ${name}`,
    threads: ['exit_mm', 'kvm_vm_release'],
    functions: [name],
    path: 'kvm.arch.nested_mmus',
    locations: [loc(21)],
    trace: ['exit_mm', 'kvm_vm_release', 'exit_mm', 'kvm_vm_release'].map((thread, step) => ({
      thread,
      function: name,
      op: step < 2 ? 'assign' : 'free',
      text: step < 2 ? 'read kvm.arch.nested_mmus' : 'kvfree(kvm.arch.nested_mmus)',
      loc: loc(20 + step),
      locksHeld: ['kvm.srcu'],
    })),
    restsOnUnknown: false,
    revision: 'head',
  };
}

function report(introduced: ReportFinding[], fixed: ReportFinding[] = []): Report {
  return {
    schemaVersion: 2,
    tool: { name: 'kvmsim', version: '0.1.0' },
    repository: { serverUrl: 'https://github.com', owner: 'kvmarm', repo: 'linux' },
    base: { label: 'base', sha: 'a'.repeat(40) },
    head: { label: 'head', sha: 'b'.repeat(40) },
    verdict: {
      conclusion: introduced.length > 0 ? 'failure' : 'success',
      summary: `${introduced.length} finding(s) introduced`,
      complete: true,
    },
    findings: { introduced, fixed, unchanged: [], undetermined: [] },
    unverified: [],
    changedFunctions: { added: [], removed: [], changed: ['kvm_arch_flush_shadow_all'] },
    scenarios: [
      {
        name: 'two-flushes',
        reason: 'reaches a changed function',
        base: { exhaustive: true, statesExplored: 120, transitions: 300, durationMs: 5 },
        head: { exhaustive: true, statesExplored: 80, transitions: 200, durationMs: 4 },
        complete: true,
      },
    ],
    diagnostics: [],
    timings: { total: 1234 },
  };
}

describe('renderMarkdown', () => {
  it('opens with the hidden marker and a one-line verdict', () => {
    const lines = renderMarkdown(report([finding(1)])).split('\n');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe('### kvmsim ❌ 1 finding\\(s\\) introduced');
  });

  it('shows each introduced finding with a Mermaid diagram and a linked step table', () => {
    const markdown = renderMarkdown(report([finding(1)]));
    expect(markdown).toContain('```mermaid\nsequenceDiagram');
    expect(markdown).toContain(`/kvmarm/linux/blob/${'b'.repeat(40)}/arch/arm64/kvm/nested.c#L22`);
    expect(markdown).toContain('| 0 | 1 | 0 | 0 |');
  });

  it('escapes hostile function names everywhere they appear', () => {
    const hostile = 'f`@torvalds [x](javascript:alert(1)) <img src=x>';
    const markdown = renderMarkdown(report([finding(1, hostile)]));
    // Code blocks and code spans are inert on GitHub: what matters is the rest.
    const prose = markdown
      .replace(/```mermaid[\s\S]*?```/g, '')
      .replace(/(?<!\\)(`+)[\s\S]*?(?<!`)\1(?!`)/g, '');
    expect(markdown).toContain('torvalds');
    expect(prose).not.toContain('@torvalds');
    expect(prose).not.toContain('](javascript');
    expect(prose).not.toContain('<img');
  });

  it('stays under the limit with 500 findings and says how many it left out', () => {
    const many = Array.from({ length: 500 }, (_, index) => finding(index));
    const markdown = renderMarkdown(report(many, many));
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(/> \d+ more findings did not fit in this comment/);
    expect(markdown).toContain('<summary>What was analysed</summary>');
    expect(markdown.match(/```mermaid/g)?.length).toBeGreaterThan(10);
  });

  it('omits nothing when everything fits', () => {
    expect(renderMarkdown(report([finding(1)], [finding(2)]))).not.toContain('did not fit');
  });

  it('names a file that was not analysed under what was analysed', () => {
    const markdown = renderMarkdown({
      ...report([]),
      diagnostics: [
        {
          code: 'source-too-large',
          severity: 'warning' as const,
          message:
            'arch/arm64/kvm/mmu.c is 5000000 bytes, over the limit of 4194304 (limits.maxFileBytes): not analysed',
          loc: { file: 'arch/arm64/kvm/mmu.c', line: 1, column: 1 },
          revision: 'head' as const,
        },
      ],
    });
    expect(markdown).toContain(
      '- head: arch/arm64/kvm/mmu\\.c is 5000000 bytes, over the limit of 4194304 \\(limits\\.maxFileBytes\\): not analysed',
    );
  });
});
