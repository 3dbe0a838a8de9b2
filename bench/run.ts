/** `npm run bench`: prints codec and app figures. Benchmarks print; they never assert. */
import { runAppBench } from './app'
import { runCodecBench } from './codec'
import { runCrossBrowserBench } from './cross-browser'
import { runScannerBench } from './scanner'
import { runTerminalBench } from './terminal'
import { runTransferBench } from './transfer'

await runCodecBench()
await runAppBench()
await runTransferBench()
await runScannerBench()
await runCrossBrowserBench()
await runTerminalBench()
