// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The size standards (CONTRIBUTING, "Test and check"): no file over 400 lines and no function
 * over 80, counting every line, comments and blank lines included.
 */
const MAX_FILE_LINES = 400
const MAX_FUNCTION_LINES = 80
const fileSize = {
  'max-lines': ['error', { max: MAX_FILE_LINES, skipBlankLines: false, skipComments: false }],
}

/** Is this callee `describe`, `describe.each(...)`, `describe.skipIf(...)` and the like? */
function isDescribe(callee) {
  if (callee.type === 'Identifier') return callee.name === 'describe'
  if (callee.type === 'MemberExpression') return isDescribe(callee.object)
  if (callee.type === 'CallExpression') return isDescribe(callee.callee)
  return false
}

/**
 * max-lines-per-function for test files, except the callback of a `describe`: it holds no logic
 * of its own, only the tests of one subject, and the 400 lines of its file bound it. Test bodies
 * (`it` callbacks) and helpers are held to the same 80 lines as the code.
 */
const testFunctionLines = {
  meta: {
    type: 'suggestion',
    schema: [{ type: 'integer', minimum: 1 }],
    messages: { long: 'Function has too many lines ({{lines}}). Maximum allowed is {{max}}.' },
  },
  create(context) {
    const max = context.options[0] ?? MAX_FUNCTION_LINES
    const check = (node) => {
      const { parent } = node
      if (parent.type === 'CallExpression' && parent.arguments.includes(node) && isDescribe(parent.callee))
        return
      const lines = node.loc.end.line - node.loc.start.line + 1
      if (lines > max) context.report({ node, messageId: 'long', data: { lines, max } })
    }
    return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check }
  },
}

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', '.tools/', 'coverage/', 'openapi/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['src/**', 'sim/**', 'scripts/**'],
    rules: {
      ...fileSize,
      'max-lines-per-function': [
        'error',
        { max: MAX_FUNCTION_LINES, skipBlankLines: false, skipComments: false, IIFEs: true },
      ],
    },
  },
  {
    files: ['test/**'],
    plugins: { size: { rules: { 'test-function-lines': testFunctionLines } } },
    rules: { ...fileSize, 'size/test-function-lines': ['error', MAX_FUNCTION_LINES] },
  },
  { files: ['**/*.mjs', 'eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
)
