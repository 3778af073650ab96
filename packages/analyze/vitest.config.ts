import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Exploration and WASM parsing share two cores with the other packages' tests in CI.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
