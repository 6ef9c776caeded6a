/**
 * Whether an operation can run at the scope the inputs chose, before any request: an
 * operation that a scope does not have names the scopes that have it; list-organizations takes
 * no scope or an enterprise, merge-reports none at all (see `Reach` in operations/define.ts).
 */
import { InputError } from '../errors.js'
import type { CommonSettings } from '../inputs/common.js'
import type { Operation } from './define.js'

export function checkScope(op: Operation, common: CommonSettings): void {
  const { target, explicitScope } = common
  if (op.reach === 'files' && explicitScope)
    throw new InputError(
      target.scope,
      `${op.name} reads result files and acts on no scope: remove ${target.scope} (the files name their own scopes)`,
    )
  if (op.reach === 'account') {
    if (explicitScope && target.scope !== 'enterprise')
      throw new InputError(
        target.scope,
        `${op.name} takes no scope (the organizations the token or GitHub App reaches), or enterprise (its organizations); not ${target.scope}`,
      )
    if (target.scope === 'enterprise' && common.app)
      throw new InputError(
        'app-id',
        `${op.name} lists an enterprise's organizations with a classic token with read:enterprise only (GitHub Apps cannot); ` +
          'remove enterprise to list the organizations the App is installed on, or pass token instead of app-id',
      )
    return
  }
  if (!op.scopes.includes(target.scope)) {
    throw new InputError(
      target.scope,
      `operation ${op.name} is not available for ${target.scope === 'repository' ? 'a' : 'an'} ${target.scope}; it works at: ${op.scopes.join(', ')}`,
    )
  }
}
