/** `npm run bench`: prints codec and app figures. Benchmarks print; they never assert. */
import { runAppBench } from './app'
import { runCodecBench } from './codec'
import { runTransferBench } from './transfer'

await runCodecBench()
await runAppBench()
await runTransferBench()
