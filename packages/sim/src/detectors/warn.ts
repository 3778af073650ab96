// warn: a WARN_ON/BUG_ON of the C whose condition holds, or a WARN the MMU
// model raises (the memory cache's "different capacity across topups").
import type { Path } from '@kvmsim/mmu-model';
import type { Violation } from '../kvm/observation.js';
import type { Site } from '../kvm/sim-state.js';

/** `api` (WARN_ON, BUG_ON, ...) fires at `site`. A condition of the code, not of the model. */
export function codeWarnFires(who: string, thread: number, api: string, site: Site): Violation {
  return {
    kind: 'warn',
    rule: 'code-warn',
    key: `warn|${api}|${site.function}:${site.loc.line}`,
    message: `${api} fires in ${site.function} (${who})`,
    threads: [thread],
    sites: [site],
    codeCondition: true,
  };
}

/** The memory-cache model's WARN `message` in `api`, on the cache at `path`. */
export function memoryCacheWarns(
  thread: number,
  api: string,
  message: string,
  path: Path,
  site: Site,
): Violation {
  return {
    kind: 'warn',
    rule: 'memory-cache-warn',
    // Counts in the message vary with the scenario; the identity does not.
    key: `warn|${message.replace(/\d+/g, 'N')}|${site.function}:${site.loc.line}`,
    message: `${api} in the memory cache (${path}) reached from ${site.function}: ${message}`,
    threads: [thread],
    sites: [site],
    subject: path,
  };
}
