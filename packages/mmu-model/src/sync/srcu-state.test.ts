import { describe, expect, it } from 'vitest';
import {
  EMPTY_SRCU,
  gracePeriodElapsed,
  gracePeriodWaitSet,
  inReadSection,
  srcuReadLock,
  srcuReadUnlock,
} from './srcu-state.js';

describe('SRCU', () => {
  it('never blocks a reader', () => {
    const { state } = srcuReadLock(srcuReadLock(EMPTY_SRCU, 1).state, 2);
    expect(state.readers).toHaveLength(2);
    expect(inReadSection(state, 1)).toBe(true);
  });

  it('makes synchronize_srcu wait for readers that began before it', () => {
    const { state } = srcuReadLock(EMPTY_SRCU, 1);
    const waitSet = gracePeriodWaitSet(state);
    expect(gracePeriodElapsed(state, waitSet)).toBe(false);
    const after = srcuReadUnlock(state, 1);
    expect(after.ok && gracePeriodElapsed(after.state, waitSet)).toBe(true);
  });

  it('does not make it wait for readers that began after it', () => {
    const waitSet = gracePeriodWaitSet(EMPTY_SRCU);
    const { state } = srcuReadLock(EMPTY_SRCU, 1);
    expect(gracePeriodElapsed(state, waitSet)).toBe(true);
  });

  it('reports an unlock without a read section', () => {
    expect(srcuReadUnlock(EMPTY_SRCU, 1)).toEqual({ ok: false });
  });

  it('ends nested sections innermost first', () => {
    const first = srcuReadLock(EMPTY_SRCU, 1);
    const second = srcuReadLock(first.state, 1);
    const unlocked = srcuReadUnlock(second.state, 1);
    expect(unlocked.ok && unlocked.state.readers.map((reader) => reader.id)).toEqual([first.id]);
  });
});
