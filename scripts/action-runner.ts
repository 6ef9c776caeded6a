/**
 * Runs the bundled action (dist/index.js) as a child process the way the GitHub Actions
 * runner does: inputs as INPUT_* variables (action.yml defaults applied), GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, workflow commands read from stdout, `::add-mask::` values masked
 * in the log it returns. Used by the demo, the bundle tests and the benchmark.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const BUNDLE = join(ROOT, 'dist', 'index.js')
export const NODE24 = join(ROOT, '.tools', 'node_modules', 'node', 'bin', 'node')

export interface ActionRun {
  code: number
  outputs: Record<string, string>
  summary: string
  /** stdout with every masked value replaced by ***, as the runner shows the log. */
  log: string
  /** stdout and stderr exactly as written (for secret checks). */
  rawStdout: string
  rawStderr: string
  masks: string[]
  errors: string[]
  warnings: string[]
  /** Milliseconds from spawn to exit. */
  ms: number
  /** Date.now() when the process was spawned. */
  startedAt: number
  /** Size of the GITHUB_OUTPUT file the step wrote: its outputs together, as the runner reads them. */
  outputFileBytes: number
  /** Size of the file the result-file output names (undefined: no such output or file). */
  resultFileBytes: number | undefined
}

export interface RunActionOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  /** Node binary (default: this process's). */
  node?: string
  /** Arguments for node before the bundle path. */
  nodeArgs?: string[]
  timeoutMs?: number
  /** Send this signal once stdout so far satisfies `when` (as the runner does on a cancelled job). */
  cancel?: { signal: NodeJS.Signals; when: (stdout: string) => boolean }
}

interface ActionYml {
  inputs: Record<string, { default?: string }>
}

let defaults: Record<string, string> | undefined
function actionDefaults(): Record<string, string> {
  if (!defaults) {
    const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml
    defaults = {}
    for (const [name, i] of Object.entries(yml.inputs)) {
      // `${{ github.token }}` and friends are the runner's to expand; callers pass real values.
      if (i.default !== undefined && !i.default.includes('${{')) defaults[name] = i.default
    }
  }
  return defaults
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` blocks and `name=value` lines). */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]!)
      out[name!] = value.join('\n')
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      out[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return out
}

function unescapeCommand(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

export function maskText(text: string, masks: readonly string[]): string {
  let out = text
  for (const m of [...masks].sort((a, b) => b.length - a.length)) if (m) out = out.split(m).join('***')
  return out
}

/** The workflow commands in a step's stdout, and its log as the runner shows it (masked). */
function readCommands(stdout: string) {
  const masks: string[] = []
  const errors: string[] = []
  const warnings: string[] = []
  const shown: string[] = []
  for (const line of stdout.split('\n')) {
    const cmd = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (cmd?.[1] === 'add-mask') {
      masks.push(unescapeCommand(cmd[2]!))
      continue
    }
    if (cmd?.[1] === 'error') errors.push(maskText(unescapeCommand(cmd[2]!), masks))
    if (cmd?.[1] === 'warning') warnings.push(maskText(unescapeCommand(cmd[2]!), masks))
    shown.push(maskText(line, masks))
  }
  return { masks, errors, warnings, shown }
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'octo-fleet/app',
    ...options.env,
  }
  const inputs = { ...actionDefaults(), ...options.inputs }
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value

  const started = Date.now()
  const child = spawn(options.node ?? process.execPath, [...(options.nodeArgs ?? []), BUNDLE], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let cancelled = false
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    if (options.cancel && !cancelled && options.cancel.when(stdout)) {
      cancelled = true
      child.kill(options.cancel.signal)
    }
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const code = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`action did not finish within ${options.timeoutMs ?? 60_000} ms`))
    }, options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (c) => {
      clearTimeout(timer)
      resolve(c ?? 1)
    })
  })
  const ms = Date.now() - started

  const { masks, errors, warnings, shown } = readCommands(stdout)
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'))
  const resultFile = outputs['result-file']
  const result: ActionRun = {
    code,
    outputs,
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
    log: shown.join('\n'),
    rawStdout: stdout,
    rawStderr: stderr,
    masks,
    errors,
    warnings,
    ms,
    startedAt: started,
    outputFileBytes: statSync(outputFile).size,
    resultFileBytes: resultFile && existsSync(resultFile) ? statSync(resultFile).size : undefined,
  }
  rmSync(dir, { recursive: true, force: true })
  return result
}
