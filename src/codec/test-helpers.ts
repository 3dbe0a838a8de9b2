import { CodecError, type CodecErrorReason } from './errors'

/** The reason of the CodecError `run` throws; fails the test for any other outcome. */
export function reasonOf(run: () => unknown): CodecErrorReason {
  try {
    run()
  } catch (error) {
    if (error instanceof CodecError) return error.reason
    throw new Error(`expected a CodecError, got ${String(error)}`)
  }
  throw new Error('expected a CodecError, got a result')
}
