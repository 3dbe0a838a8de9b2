/**
 * Run before every e2e file (vitest setupFiles): each test prints the error of a try that
 * fails. vitest keeps a retried try's error to itself, so a test that passes on its retry would
 * otherwise leave no trace of why its first try failed.
 */
import { beforeEach } from 'vitest'

beforeEach(({ onTestFailed }) => {
  onTestFailed(({ task }) => {
    for (const error of task.result?.errors ?? []) {
      console.log(`failed try of "${task.name}": ${error.message}`)
    }
  })
})
