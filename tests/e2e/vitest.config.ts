import { defineConfig } from 'vitest/config';

// Real browsers, one at a time: the machine has 2 cores and each browser wants both.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    retry: 0,
  },
});
