import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Real trees: extraction takes seconds, a variant's exploration tens of them.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
