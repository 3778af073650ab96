// Translation granules of arm64 stage 2 and the sizes the kernel writes as
// K/M/G literals. Mirrors PAGE_SHIFT for CONFIG_ARM64_{4K,16K,64K}_PAGES.

export const GRANULES = ['4K', '16K', '64K'] as const;
/** A translation granule: the page size of the stage-2 tables. */
export type Granule = (typeof GRANULES)[number];

/** PAGE_SHIFT of each granule. */
export const PAGE_SHIFT: Readonly<Record<Granule, number>> = { '4K': 12, '16K': 14, '64K': 16 };

const UNITS: Readonly<Record<string, number>> = { '': 0, K: 10, M: 20, G: 30, T: 40 };

/** Parses `4K`, `2M`, `1G`, `512M`, `4096`, `0x200000` into bytes; undefined when malformed. */
export function parseSize(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^0x[0-9a-f]+$/i.test(trimmed)) return Number.parseInt(trimmed, 16);
  const match = /^(\d+)\s*([KMGT]?)(?:i?B)?$/i.exec(trimmed);
  if (match === null) return undefined;
  const [, digits = '', unit = ''] = match;
  const shift = UNITS[unit.toUpperCase()];
  return shift === undefined ? undefined : Number(digits) * 2 ** shift;
}

/** Formats a byte count the way the kernel's comments do: `4K`, `2M`, `1G`, `512M`, or bytes. */
export function formatSize(bytes: number): string {
  for (const [unit, shift] of [
    ['T', 40],
    ['G', 30],
    ['M', 20],
    ['K', 10],
  ] as const) {
    const size = 2 ** shift;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}`;
}
