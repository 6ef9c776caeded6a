/**
 * Runs before every test file (vitest.config.ts `setupFiles`). Test files share their worker's
 * modules (`isolate: false`), so what a support module must undo after each test is registered
 * here, once per file, rather than when the module is first imported.
 */
import { afterEach } from 'vitest'
import { restoreClock } from './clock.js'
import { closeServers } from './servers.js'

afterEach(restoreClock)
afterEach(closeServers)
