// A detector fixture's header: which functions of the file run as concurrent
// threads, and the world they start in. It is a few `//` lines after the
// opening comment, before the code:
//
//   // threads: flush_nested, flush_nested
//       1 to 4 entry functions of the file, one thread each (a name may
//       repeat); each parameter `p` is passed the address `&p`, so that
//       `kvm->arch.x` is the same location in every thread
//   // threads: free_pgd(&kvm.arch.mmu, true)
//       or explicit arguments: `&path`, an integer, true, false, NULL
//   // field: kvm.arch.nested_mmus = new nested_mmus
//       a field's starting value: `new <label>` (a fresh heap object),
//       `&path`, an integer, true, false or NULL; unset fields are unknown
//   // cache: kvm.arch.mmu.split_page_cache capacity 2 pages 2
//       a memory cache's starting state (kvm_mmu_memory_cache capacity, nobjs)
//   // destroys-vm: true
//       the run ends with the VM destroyed: whatever is still allocated leaks
//
// Any other `// word:` line in the header is an error, so that a typo cannot
// silently change the world.
import type { Expr, ProgramModel } from '@kvmsim/mmu-model';
import type { InitialCache, InitialValue, SimulationInput } from '@kvmsim/sim';

export interface DetectorFixture {
  readonly threads: readonly { readonly entry: string; readonly args?: readonly Expr[] }[];
  readonly fields: Readonly<Record<string, InitialValue>>;
  readonly caches: Readonly<Record<string, InitialCache>>;
  readonly destroysVm: boolean;
}

const DIRECTIVE = /^\/\/\s*([a-z][a-z-]*):\s*(.*?)\s*$/;

function fail(file: string, line: number, message: string): never {
  throw new Error(`${file}:${line}: ${message}`);
}

function value(text: string, file: string, line: number): InitialValue {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'NULL') return null;
  const fresh = /^new\s+(\S+)$/.exec(text);
  if (fresh?.[1] !== undefined) return { object: fresh[1] };
  if (text.startsWith('&')) return { address: text.slice(1) };
  return fail(
    file,
    line,
    `'${text}' is not a value (new <label>, &path, an integer, true, false, NULL)`,
  );
}

function argument(text: string, file: string, line: number): Expr {
  const parsed = value(text, file, line);
  if (parsed !== null && typeof parsed === 'object')
    return 'address' in parsed
      ? { kind: 'addressOf', path: parsed.address }
      : fail(file, line, `an argument cannot be a new object ('${text}')`);
  return { kind: 'const', value: parsed };
}

function threads(text: string, file: string, line: number): DetectorFixture['threads'] {
  const out: { entry: string; args?: Expr[] }[] = [];
  for (const match of text.matchAll(/(\w+)(?:\(([^)]*)\))?\s*(?:,|$)/g)) {
    const [, entry, args] = match;
    if (entry === undefined) continue;
    out.push(
      args === undefined
        ? { entry }
        : {
            entry,
            args: args
              .split(',')
              .map((arg) => arg.trim())
              .filter((arg) => arg.length > 0)
              .map((arg) => argument(arg, file, line)),
          },
    );
  }
  if (out.length < 1 || out.length > 4) fail(file, line, 'threads: names 1 to 4 entry functions');
  return out;
}

/** Reads the header of a detector fixture (`file` names it in errors). */
export function parseDetectorFixture(text: string, file: string): DetectorFixture {
  let found: DetectorFixture['threads'] | undefined;
  const fields: Record<string, InitialValue> = {};
  const caches: Record<string, InitialCache> = {};
  let destroysVm = false;
  const lines = text.split('\n');
  let inComment = false;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    const number = index + 1;
    if (inComment) {
      inComment = !line.includes('*/');
      continue;
    }
    if (line.startsWith('/*')) {
      inComment = !line.includes('*/');
      continue;
    }
    if (line === '') continue;
    if (!line.startsWith('//')) break; // the code starts: the header is over
    const directive = DIRECTIVE.exec(line);
    if (directive === null) continue;
    const [, key, rest = ''] = directive;
    if (key === 'threads') found = threads(rest, file, number);
    else if (key === 'field') {
      const assignment = /^([\w.[\]*]+)\s*=\s*(.+)$/.exec(rest);
      if (assignment?.[1] === undefined || assignment[2] === undefined)
        fail(file, number, 'field: <path> = <value>');
      fields[assignment[1]] = value(assignment[2], file, number);
    } else if (key === 'cache') {
      const cache = /^([\w.[\]*]+)\s+capacity\s+(\d+)\s+pages\s+(\d+)$/.exec(rest);
      if (cache?.[1] === undefined) fail(file, number, 'cache: <path> capacity <n> pages <n>');
      caches[cache[1]] = { capacity: Number(cache[2]), nobjs: Number(cache[3]) };
    } else if (key === 'destroys-vm') {
      if (rest !== 'true' && rest !== 'false') fail(file, number, 'destroys-vm: true or false');
      destroysVm = rest === 'true';
    } else fail(file, number, `unknown header line '${key}:' (threads, field, cache, destroys-vm)`);
  }
  if (found === undefined) return fail(file, 1, 'no `// threads:` line in the header');
  return { threads: found, fields, caches, destroysVm };
}

/** The simulation of the fixture's threads over the program extracted from it. */
export function fixtureSimulation(
  fixture: DetectorFixture,
  program: ProgramModel,
): SimulationInput {
  const seen = new Map<string, number>();
  return {
    program,
    threads: fixture.threads.map(({ entry, args }, index) => {
      const fn = program.functions[entry];
      if (fn === undefined)
        throw new Error(
          `thread ${index + 1}: '${entry}' is not a function of the fixture (it has ${Object.keys(program.functions).join(', ')})`,
        );
      const count = seen.get(entry) ?? 0;
      seen.set(entry, count + 1);
      return {
        name: count === 0 ? entry : `${entry}-${count + 1}`,
        entry,
        args: args ?? fn.params.map((param): Expr => ({ kind: 'addressOf', path: param })),
      };
    }),
    world: { fields: fixture.fields, caches: fixture.caches },
    destroysVm: fixture.destroysVm,
  };
}
