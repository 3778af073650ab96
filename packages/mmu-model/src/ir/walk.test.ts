import { describe, expect, it } from 'vitest';
import type { Stmt } from './types.js';
import { forEachStatement } from './walk.js';

const loc = { file: 'f.c', line: 1, column: 1 };
const call = (callee: string): Stmt => ({ op: 'call', callee, args: [], loc });

describe('forEachStatement', () => {
  it('visits nested bodies in source order', () => {
    const body: Stmt[] = [
      call('a'),
      {
        op: 'branch',
        cond: { kind: 'unknown', reason: 'x' },
        then: [call('b')],
        else: [call('c')],
        loc,
      },
      { op: 'loop', bound: 2, body: [call('d')], update: [call('e')], loc },
      { op: 'scope', body: [call('f')], cleanup: [call('g')], loc },
    ];
    const seen: string[] = [];
    forEachStatement(body, (stmt) => seen.push(stmt.op === 'call' ? stmt.callee : stmt.op));
    expect(seen).toEqual(['a', 'branch', 'b', 'c', 'loop', 'd', 'e', 'scope', 'f', 'g']);
  });
});
