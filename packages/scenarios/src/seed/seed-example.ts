// The built-in example: the seed thread's case ("Grab KVM MMU write lock in
// kvm_arch_flush_shadow_all()", May 2026, on 7.1-rc2). An upstream-shaped
// tree of the functions the thread discusses, written here in kernel style,
// and each variant the thread discusses as a patch against it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyUnifiedDiff } from './apply-diff.js';

const ROOT = fileURLToPath(new URL('../../examples/seed/', import.meta.url));

export interface SeedVariant {
  readonly name: string;
  /** The patch's first paragraph: what the variant changes. */
  readonly description: string;
  /** The unified diff against upstream. */
  readonly patch: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** The upstream-shaped tree: repository-relative path → text. */
export function seedUpstream(): Map<string, string> {
  const root = join(ROOT, 'upstream');
  return new Map(walk(root).map((path) => [relative(root, path), readFileSync(path, 'utf8')]));
}

/** Every variant the seed thread discusses, by name. */
export function seedVariants(): SeedVariant[] {
  return patchesIn('patches');
}

/**
 * The split-cache policies the seed thread weighs, each a patch against
 * upstream written here: keep-until-destroy, refuse-chunk-change and
 * two-pass-split. Upstream itself (free on dirty-log disable and in
 * kvm_uninit_stage2_mmu) is the fourth.
 */
export function seedPolicies(): SeedVariant[] {
  return patchesIn('policies');
}

/** The tree of `upstream` or of a named policy. */
export function policyTree(policy: string): Map<string, string> {
  if (policy === 'upstream') return seedUpstream();
  const found = seedPolicies().find((candidate) => candidate.name === policy);
  if (found === undefined)
    throw new RangeError(
      `no policy '${policy}'; known: upstream, ${seedPolicies()
        .map((candidate) => candidate.name)
        .join(', ')}`,
    );
  return applyUnifiedDiff(seedUpstream(), found.patch);
}

function patchesIn(folder: string): SeedVariant[] {
  const dir = join(ROOT, folder);
  return readdirSync(dir)
    .filter((entry) => entry.endsWith('.patch'))
    .sort()
    .map((entry) => {
      const patch = readFileSync(join(dir, entry), 'utf8');
      return {
        name: entry.replace(/\.patch$/, ''),
        description:
          patch
            .split(/\n\s*\n/)[0]
            ?.replace(/\s+/g, ' ')
            .trim() ?? '',
        patch,
      };
    });
}

/** The tree of `upstream` or of a named variant. */
export function seedTree(variant: string): Map<string, string> {
  const upstream = seedUpstream();
  if (variant === 'upstream') return upstream;
  const found = seedVariants().find((candidate) => candidate.name === variant);
  if (found === undefined)
    throw new RangeError(
      `no seed variant '${variant}'; known: upstream, ${seedVariants()
        .map((candidate) => candidate.name)
        .join(', ')}`,
    );
  return applyUnifiedDiff(upstream, found.patch);
}
