/**
 * `npm run bench`: prints codec and app figures. Benchmarks print; they never assert.
 * `npm run bench -- lighthouse scanner` runs only the named ones, in this order.
 */
import { runAppBench } from './app'
import { runCodecBench } from './codec'
import { runCrossBrowserBench } from './cross-browser'
import { runLighthouseBench } from './lighthouse'
import { runRoomBench } from './room'
import { runRoomProtocolBench } from './room-protocol'
import { runScannerBench } from './scanner'
import { runTerminalBench } from './terminal'
import { runTransferBench } from './transfer'

const BENCHES: Record<string, () => Promise<void>> = {
  codec: runCodecBench,
  app: runAppBench,
  transfer: runTransferBench,
  scanner: runScannerBench,
  'cross-browser': runCrossBrowserBench,
  room: runRoomBench,
  'room-protocol': runRoomProtocolBench,
  terminal: runTerminalBench,
  lighthouse: runLighthouseBench,
}

const asked = process.argv.slice(2)
const unknown = asked.filter((name) => !(name in BENCHES))
if (unknown.length > 0) {
  console.error(`No bench named ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`)
  process.exit(2)
}
for (const [name, run] of Object.entries(BENCHES)) {
  if (asked.length === 0 || asked.includes(name)) await run()
}
