import { basename } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The order in which files start (docs/testing.md, "Projects"). With two workers, the first
 * worker takes the e2e-slow file (minutes of waiting through network outages) and the other
 * works through the rest, longest first; whichever is free takes the next. So the long files run
 * beside the slow one, and the short ones close the run two at a time, where a wait for the
 * last long file would otherwise leave a worker idle.
 *
 * The weights are seconds measured on the 2-core reference machine, in this order; a file not
 * listed is treated as long (it starts early, as vitest's own order does for a file it has not
 * timed). Other projects keep vitest's order, after these.
 */
const E2E_LONGEST_FIRST = [
  'room.test.ts',
  'firefox.test.ts',
  'a11y.test.ts',
  'call-chat-files.test.ts',
  'meet-habits.test.ts',
  'every-browser.test.ts',
  'terminal-peer.test.ts',
  'call-errors.test.ts',
  'call-link-offline.test.ts',
  'call-controls.test.ts',
  'phone.test.ts',
  'conveniences.test.ts',
  'share-target.test.ts',
  'hostile-peer.test.ts',
  'safari-rules.test.ts',
  'csp.test.ts',
  'call-qr.test.ts',
  'serve.test.ts',
  'update.test.ts',
  'call-paste.test.ts',
  'scanner-controls.test.ts',
  'codec-browser.test.ts',
  'settings.test.ts',
  'webkit.test.ts',
]

const PROJECTS_FIRST = ['e2e-slow', 'e2e']

function rank(spec: TestSpecification): [number, number] {
  const project = PROJECTS_FIRST.indexOf(spec.project.name)
  const file = E2E_LONGEST_FIRST.indexOf(basename(spec.moduleId))
  return [project === -1 ? PROJECTS_FIRST.length : project, file]
}

export class E2eSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    return sorted
      .map((spec, index) => ({ spec, index, rank: rank(spec) }))
      .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index)
      .map(({ spec }) => spec)
  }
}
