// Values the interpreter computes with. Only what a thread program can tell
// apart is modelled: numbers and booleans, NULL, the address of a shared
// object (`&kvm->arch.mmu`), a heap object handed out by an allocation, a
// snapshot of a memory cache (the read half of a cache operation), and
// unknown — a value the extractor or the scenario did not give, on which a
// branch explores both sides.
import type { MemoryCache, Path } from '@kvmsim/mmu-model';

export type Value =
  | number
  /** An integer beyond 2^53 (a u64 mask such as ~0UL); smaller integers are always numbers. */
  | bigint
  | boolean
  | null
  | { readonly address: Path }
  | { readonly object: number }
  | { readonly cache: MemoryCache }
  | { readonly unknown: string };

export const UNKNOWN: Value = { unknown: 'not modelled' };

export function isUnknown(value: Value): value is { readonly unknown: string } {
  return typeof value === 'object' && value !== null && 'unknown' in value;
}

export function isObjectRef(value: Value): value is { readonly object: number } {
  return typeof value === 'object' && value !== null && 'object' in value;
}

export function isAddress(value: Value): value is { readonly address: Path } {
  return typeof value === 'object' && value !== null && 'address' in value;
}

/** C truthiness: undefined for unknown. Pointers to objects and addresses are non-NULL. */
export function truthy(value: Value): boolean | undefined {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (isUnknown(value)) return undefined;
  return true;
}

/** A compact, canonical text for state keys. */
export function encodeValue(value: Value): string {
  if (value === null) return 'N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if ('address' in value) return `&${value.address}`;
  if ('object' in value) return `#${value.object}`;
  if ('cache' in value) {
    const cache = value.cache;
    return `C${cache.capacity}/${cache.objects ?? 'N'}/${cache.pages.join(',')}`;
  }
  return '?';
}

/** How a value reads in a trace. */
export function showValue(value: Value, objectLabel: (id: number) => string): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `0x${value.toString(16)}`;
  if ('address' in value) return `&${value.address}`;
  if ('object' in value) return objectLabel(value.object);
  if ('cache' in value)
    return `cache{nobjs ${value.cache.nobjs}, capacity ${value.cache.capacity}}`;
  return 'unknown';
}

/** An integer result as the interpreter keeps it: a number while exact, a bigint beyond 2^53. */
export function integer(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}
