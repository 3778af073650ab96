// The project's own ESLint rules are tested with ESLint's RuleTester; `npm run
// lint` runs these tests after linting, so a rule that stops catching what it
// should fails the lint step.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { include: ['scripts/eslint/**/*.test.js'] },
});
