import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          // Generous: a 2-core machine running browsers next to the unit tests is slow, and a
          // unit test here asserts behaviour, never speed.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          setupFiles: ['tests/e2e/failed-tries.ts'],
          testTimeout: 90_000,
          // Real browsers on a 2-core machine: one retry absorbs a rare scheduling hiccup; a real
          // failure fails twice.
          retry: 1,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
    ],
  },
})
