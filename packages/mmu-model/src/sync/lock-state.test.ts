import { describe, expect, it } from 'vitest';
import {
  acquire,
  acquireMaySleep,
  canAcquire,
  holds,
  isAtomicWhileHeld,
  newLock,
  release,
} from './lock-state.js';

describe('mutex', () => {
  const taken = acquire(newLock('mutex'), 1, 'exclusive');
  it('blocks another thread while held', () => {
    expect(canAcquire(taken, 2, 'exclusive')).toMatchObject({ ok: false, reason: 'held' });
  });
  it('is not recursive: the owner asking again waits for itself', () => {
    expect(canAcquire(taken, 1, 'exclusive')).toMatchObject({ ok: false, reason: 'recursive' });
  });
  it('is free again after release', () => {
    const released = release(taken, 1, 'exclusive');
    expect(released.ok && canAcquire(released.lock, 2, 'exclusive')).toEqual({ ok: true });
  });
  it('may sleep on acquire and does not make the holder atomic', () => {
    expect(acquireMaySleep('mutex')).toBe(true);
    expect(isAtomicWhileHeld('mutex')).toBe(false);
  });
});

describe('spinlock', () => {
  it('blocks others, is not recursive, and makes the holder atomic', () => {
    const taken = acquire(newLock('spinlock'), 1, 'exclusive');
    expect(canAcquire(taken, 2, 'exclusive').ok).toBe(false);
    expect(canAcquire(taken, 1, 'exclusive')).toMatchObject({ reason: 'recursive' });
    expect(isAtomicWhileHeld('spinlock')).toBe(true);
    expect(isAtomicWhileHeld('raw_spinlock')).toBe(true);
    expect(acquireMaySleep('spinlock')).toBe(false);
  });
});

describe('rwlock (kvm->mmu_lock on arm64)', () => {
  const read1 = acquire(newLock('rwlock'), 1, 'read');
  it('lets readers share', () => {
    expect(canAcquire(read1, 2, 'read')).toEqual({ ok: true });
  });
  it('blocks a writer while a reader holds it, and readers while a writer does', () => {
    expect(canAcquire(read1, 2, 'write')).toMatchObject({ ok: false, reason: 'held' });
    const written = acquire(newLock('rwlock'), 1, 'write');
    expect(canAcquire(written, 2, 'read')).toMatchObject({ ok: false, reason: 'held' });
  });
  it('deadlocks a writer that takes write_lock twice (caller and callee)', () => {
    const written = acquire(newLock('rwlock'), 1, 'write');
    expect(canAcquire(written, 1, 'write')).toMatchObject({ ok: false, reason: 'recursive' });
  });
  it('deadlocks a reader that asks for the write side', () => {
    expect(canAcquire(read1, 1, 'write')).toMatchObject({ ok: false, reason: 'recursive' });
  });
  it('rejects a mode the kind does not have', () => {
    expect(() => canAcquire(read1, 1, 'exclusive')).toThrow(TypeError);
  });
});

describe('release', () => {
  it('reports the release of a lock not held instead of throwing', () => {
    expect(release(newLock('mutex'), 1, 'exclusive')).toEqual({ ok: false, reason: 'not-held' });
    const read = acquire(newLock('rwlock'), 1, 'read');
    expect(release(read, 1, 'write')).toEqual({ ok: false, reason: 'not-held' });
  });
  it('tracks who holds in which mode', () => {
    const read = acquire(newLock('rwlock'), 1, 'read');
    expect(holds(read, 1, 'read')).toBe(true);
    expect(holds(read, 1, 'write')).toBe(false);
    expect(holds(read, 1, 'any')).toBe(true);
    expect(holds(read, 2, 'any')).toBe(false);
  });
});
