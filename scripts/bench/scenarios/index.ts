/** Every benchmark scenario, in the order `npm run bench` runs them. */
import type { Scenario } from '../scenario.js'
import { drainScenario } from './drain.js'
import { drainSelectionScenario } from './drain-selection.js'
import { labelsScenario } from './labels.js'
import { ledgerScenario } from './ledger.js'
import { dryRunScenario, listScenario, reportScenario } from './large-fleet.js'
import { pruneScenario } from './prune.js'
import { waitScenario } from './wait.js'

export const SCENARIOS: Scenario[] = [
  pruneScenario,
  listScenario,
  dryRunScenario,
  labelsScenario,
  drainScenario,
  drainSelectionScenario,
  reportScenario,
  ledgerScenario,
  waitScenario,
]
