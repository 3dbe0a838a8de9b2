import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { E2eSequencer } from './tests/e2e/sequencer'

/** What both real-browser projects share (docs/testing.md, "Projects"). */
const browserTests: TestProjectInlineConfiguration['test'] = {
  environment: 'node',
  globalSetup: ['tests/e2e/global-setup.ts'],
  setupFiles: ['tests/e2e/failed-tries.ts'],
  testTimeout: 90_000,
  // Real browsers on a 2-core machine: one retry absorbs a rare scheduling hiccup; a real
  // failure fails twice. failed-tries.ts prints the error of every failed try, so a test that
  // passed only on its retry still shows in the output.
  retry: 1,
  hookTimeout: 60_000,
  sequence: { concurrent: false },
}

/** The long network-outage tests: a project of their own, to run or leave out by name. */
const SLOW = ['tests/e2e/recovery.test.ts']

export default defineConfig({
  test: {
    // The order of the e2e files: e2e-slow first, then the longest of the rest (sequencer.ts).
    // They run one at a time (`--maxWorkers=1` in package.json): two files' browsers at once
    // overload two cores (docs/testing.md, "One file at a time").
    sequence: { sequencer: E2eSequencer },
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
        test: { ...browserTests, name: 'e2e', include: ['tests/e2e/**/*.test.ts'], exclude: SLOW },
      },
      { test: { ...browserTests, name: 'e2e-slow', include: SLOW } },
    ],
  },
})
