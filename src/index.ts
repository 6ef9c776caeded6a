import * as core from '@actions/core'
import { run } from './main.js'

process.on('unhandledRejection', (reason) => {
  core.setFailed(`Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`)
})

await run()
// Everything is written: a request abandoned at a deadline must not keep the job waiting.
process.exit()
