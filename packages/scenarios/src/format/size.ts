// What scenario and workload files share: sizes, names, and the VM's geometry.
import { GRANULES } from '@kvmsim/mmu-model';
import { z } from 'zod';

export const sizeSchema = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+\s*[KMGT]?i?B?$/i, 'a size such as 4096, 4K, 2M or 1G'),
]);

/** A file's name: lower-case words joined by -. */
export const nameSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case words joined by -');

/** The VM's stage-2 geometry and eager-split chunk size, as both file kinds give them. */
export const vmGeometryShape = {
  granule: z.enum(GRANULES).default('4K'),
  ipaBits: z.number().int().min(32).max(52).default(40),
};
