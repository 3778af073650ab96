// missing-lock: a lock the code or its comments say must be held is not.
// Four rules: a guarded-by comment broken by an access, a lockdep assertion
// that fails, an unlock of a lock not held, an srcu_read_unlock outside a
// read section.
import type { GuardRule, Path } from '@kvmsim/mmu-model';
import type { Violation } from '../kvm/observation.js';
import type { Site } from '../kvm/sim-state.js';

const at = (site: Site) => `${site.function}:${site.loc.line}`;

/** `path`, accessed without the lock `rule` says guards it. The subject is what the rule guards. */
export function guardedByBroken(
  who: string,
  thread: number,
  path: Path,
  write: boolean,
  site: Site,
  rule: GuardRule,
): Violation {
  return {
    kind: 'missing-lock',
    rule: 'guarded-by',
    key: `missing-lock|guard|${rule.lock}|${path}|${at(site)}`,
    message: `${who} ${write ? 'writes' : 'reads'} ${path} in ${site.function} without holding ${rule.lock}${rule.mode === 'write' ? ' for write' : ''}, which guards it ("${rule.text}", ${rule.loc.file}:${rule.loc.line})`,
    threads: [thread],
    sites: [site, { function: rule.path, loc: rule.loc }],
    subject: rule.path,
  };
}

/** `api(path)` fails: the thread holds only `held`. */
export function assertionFails(
  who: string,
  thread: number,
  api: string,
  path: Path,
  site: Site,
  held: readonly string[],
): Violation {
  return {
    kind: 'missing-lock',
    rule: 'assert-held',
    key: `missing-lock|assert|${path}|${at(site)}`,
    message: `${api}(${path}) fails in ${site.function}: ${who} ${held.length === 0 ? 'holds no lock' : `holds only ${held.join(', ')}`}`,
    threads: [thread],
    sites: [site],
    subject: path,
  };
}

/** `api` releases `path`, which the thread does not hold. */
export function unlockNotHeld(
  who: string,
  thread: number,
  api: string,
  path: Path,
  site: Site,
): Violation {
  return {
    kind: 'missing-lock',
    rule: 'unlock-not-held',
    key: `missing-lock|unlock|${path}|${at(site)}`,
    message: `${who} releases ${path} (${api}) in ${site.function} without holding it`,
    threads: [thread],
    sites: [site],
    subject: path,
  };
}

/** `srcu_read_unlock(path)` outside any read section of the thread. */
export function srcuUnlockOutside(who: string, thread: number, path: Path, site: Site): Violation {
  return {
    kind: 'missing-lock',
    rule: 'srcu-unlock-outside',
    key: `missing-lock|srcu_read_unlock|${path}|${at(site)}`,
    message: `${who} calls srcu_read_unlock(${path}) in ${site.function} outside a read section`,
    threads: [thread],
    sites: [site],
    subject: path,
  };
}
