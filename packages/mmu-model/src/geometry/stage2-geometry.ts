// Stage-2 translation geometry of an arm64 VM, mirroring the kernel's
// arch/arm64/include/asm/kvm_pgtable.h (kvm_granule_shift, kvm_granule_size,
// KVM_PGTABLE_MIN_BLOCK_LEVEL, kvm_level_supports_block_mapping,
// kvm_supported_block_sizes) and the start-level choice of kvm_get_vtcr()
// (VTCR_EL2.SL0 from the IPA size, with concatenated start-level tables).
import { PAGE_SHIFT, type Granule } from './granule.js';

/** The configuration a geometry is computed from. */
export interface Stage2Config {
  readonly granule: Granule;
  /** IPA size in bits (KVM_VM_TYPE_ARM_IPA_SIZE), 32..52. */
  readonly ipaBits: number;
  /** FEAT_LPA2 in use: 52-bit IPAs with 4K/16K granules, level -1 with 4K. Default false. */
  readonly lpa2?: boolean;
}

export interface Stage2Geometry {
  readonly granule: Granule;
  readonly ipaBits: number;
  readonly lpa2: boolean;
  readonly pageShift: number;
  readonly pageSize: number;
  /** Bits of IPA resolved per level: PAGE_SHIFT - 3. */
  readonly bitsPerLevel: number;
  /** The level walks start at (-1 only with LPA2 and 4K). */
  readonly startLevel: number;
  /** Levels walked, start level to 3. */
  readonly levels: number;
  /** Concatenated tables at the start level (1..16), so a shallower walk covers the IPA space. */
  readonly concatenatedStartTables: number;
  /** KVM_PGTABLE_MIN_BLOCK_LEVEL: the first level that may hold a block. */
  readonly minBlockLevel: number;
  /** kvm_supported_block_sizes(), ascending: a block at each level from minBlockLevel to 3. */
  readonly blockSizes: readonly number[];
  /** PMD_SIZE: size mapped by one level-2 entry. */
  readonly pmdSize: number;
  /** PUD_SIZE: size mapped by one level-1 entry. */
  readonly pudSize: number;
}

export const LAST_LEVEL = 3;

/** The geometry could not be built: the configuration names the field at fault. */
export class GeometryError extends Error {
  readonly code = 'invalid-geometry';
  readonly isInputError = true;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'GeometryError';
  }
}

/** kvm_granule_shift(level): ARM64_HW_PGTABLE_LEVEL_SHIFT for this page shift. */
export function granuleShift(pageShift: number, level: number): number {
  return (pageShift - 3) * (LAST_LEVEL + 1 - level) + 3;
}

export function stage2Geometry(config: Stage2Config): Stage2Geometry {
  const lpa2 = config.lpa2 ?? false;
  const pageShift = PAGE_SHIFT[config.granule];
  if (pageShift === undefined) {
    throw new GeometryError('granule', `unknown granule ${String(config.granule)}`);
  }
  const maxIpa = lpa2 || config.granule === '64K' ? 52 : 48;
  if (!Number.isInteger(config.ipaBits) || config.ipaBits < 32 || config.ipaBits > maxIpa) {
    throw new GeometryError(
      'ipaBits',
      `${config.ipaBits} is outside 32..${maxIpa} for a ${config.granule} granule${lpa2 ? ' with LPA2' : ''}`,
    );
  }
  const bitsPerLevel = pageShift - 3;
  // stage2_pgtable_levels(ipa) = ARM64_HW_PGTABLE_LEVELS(ipa - 4): the walk is
  // as shallow as possible while at most 16 (2^4) start-level tables are
  // concatenated to cover the IPA space (VTCR_EL2.SL0, kvm_get_vtcr()).
  const levels = Math.floor((config.ipaBits - 4 - 4) / bitsPerLevel);
  const startLevel = LAST_LEVEL + 1 - levels;
  const coveredBits = granuleShift(pageShift, startLevel) + bitsPerLevel;
  const concatenatedStartTables = 2 ** Math.max(0, config.ipaBits - coveredBits);
  const minBlockLevel = config.granule === '4K' ? 1 : 2;
  const blockSizes: number[] = [];
  for (let level = LAST_LEVEL; level >= minBlockLevel; level -= 1) {
    blockSizes.push(2 ** granuleShift(pageShift, level));
  }
  return {
    granule: config.granule,
    ipaBits: config.ipaBits,
    lpa2,
    pageShift,
    pageSize: 2 ** pageShift,
    bitsPerLevel,
    startLevel,
    levels,
    concatenatedStartTables,
    minBlockLevel,
    blockSizes,
    pmdSize: 2 ** granuleShift(pageShift, 2),
    pudSize: 2 ** granuleShift(pageShift, 1),
  };
}

/** kvm_is_block_size_supported(size): a power of two that is one of the block sizes. */
export function isBlockSizeSupported(geometry: Stage2Geometry, size: number): boolean {
  return Number.isInteger(Math.log2(size)) && geometry.blockSizes.includes(size);
}
