import { describe, expect, it } from 'vitest';
import { prng } from '../test-helpers/random-program.js';
import { KeyBuffer, KeyTable } from './key-table.js';

function text(value: string): KeyBuffer {
  const key = new KeyBuffer();
  key.setText(value);
  return key;
}

function ids(values: readonly number[]): KeyBuffer {
  const key = new KeyBuffer();
  for (const value of values) key.pushId(value);
  return key;
}

describe('KeyTable', () => {
  it('tells keys apart that share a prefix, differ in length or are empty', () => {
    const table = new KeyTable<number>();
    for (const [index, key] of ['', 'a', 'ab', 'abc', 'b', '\u0000', '\u0000\u0000'].entries())
      table.set(text(key), index);
    expect(table.size).toBe(7);
    expect(table.get(text(''))).toBe(0);
    expect(table.get(text('ab'))).toBe(2);
    expect(table.get(text('\u0000\u0000'))).toBe(6);
    expect(table.get(text('abcd'))).toBeUndefined();
    expect(table.has(text('abc'))).toBe(true);
    expect(table.has(text('ba'))).toBe(false);
  });

  it('agrees with a Map over 200,000 random keys of every unit width, across growth', () => {
    const random = prng(7);
    const table = new KeyTable<number | null>();
    const reference = new Map<string, number | null>();
    const keys: string[] = [];
    for (let index = 0; index < 200_000; index += 1) {
      // Short keys over few units collide often; long ones use the whole 16 bits.
      const length = Math.floor(random() * 12);
      const width = random() < 0.5 ? 4 : 0x10000;
      const key = String.fromCharCode(
        ...Array.from({ length }, () => Math.floor(random() * width)),
      );
      const value = random() < 0.3 ? null : index;
      keys.push(key);
      table.set(text(key), value);
      reference.set(key, value);
    }
    expect(table.size).toBe(reference.size);
    for (const key of keys) expect(table.get(text(key))).toBe(reference.get(key));
    for (let index = 0; index < 10_000; index += 1) {
      const key = text(`absent ${index}`);
      expect(table.has(key)).toBe(false);
      expect(table.get(key)).toBeUndefined();
    }
  });

  it('replaces the value of a key set twice', () => {
    const table = new KeyTable<string>();
    table.set(text('state'), 'first');
    table.set(text('state'), 'second');
    expect(table.size).toBe(1);
    expect(table.get(text('state'))).toBe('second');
  });
});

describe('KeyBuffer', () => {
  it('writes ids prefix-free: distinct sequences of ids are distinct keys', () => {
    const random = prng(11);
    const table = new KeyTable<string>();
    const reference = new Map<string, string>();
    for (let index = 0; index < 50_000; index += 1) {
      const length = Math.floor(random() * 4);
      // Ids around the one-unit limit (2^15) and far beyond it.
      const sequence = Array.from({ length }, () =>
        random() < 0.5
          ? 0x7ffe + Math.floor(random() * 4)
          : Math.floor(random() * 2 ** (1 + Math.floor(random() * 40))),
      );
      const name = sequence.join(',');
      table.set(ids(sequence), name);
      reference.set(name, name);
    }
    expect(table.size).toBe(reference.size);
    for (const name of reference.keys())
      expect(table.get(ids(name === '' ? [] : name.split(',').map(Number)))).toBe(name);
  });

  it('keeps its hash equal for equal units however they were written, and reads back as text', () => {
    const key = ids([1, 0x8000, 2 ** 31]);
    const again = text(key.text());
    expect(again.length).toBe(key.length);
    expect(again.hash).toBe(key.hash);
    expect(ids([5]).hash).not.toBe(ids([6]).hash);
  });
});
