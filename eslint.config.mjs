// The lint gate of the JavaScript in this repository (`npm run lint`, run by
// `cargo xtask test` and `cargo xtask lint-js`; versions pinned in
// package.json / package-lock.json).
//
// Shipped scripts (crates/*/assets/**/*.js: the player, the adapters, the
// course page, the quiz and every widget) run in learners' browsers inside
// the LMS's origin: scripts (not modules), 'use strict' in one function per
// file, ES2017 at most, browser globals only, and no HTML written from
// strings except where a comment says why it is safe. The tests and tools
// (*.mjs) are Node ES modules.
import js from '@eslint/js';
import globals from 'globals';

/** Rules for every file: mistakes, not style. */
const common = {
  ...js.configs.recommended.rules,
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-implied-eval': 'error',
  'no-new-func': 'error',
  'no-eval': 'error',
  'no-throw-literal': 'error',
  'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
  'no-use-before-define': ['error', { functions: false, classes: true, variables: false }],
  'no-unused-expressions': ['error', { allowShortCircuit: false, allowTernary: false }],
  'no-self-compare': 'error',
  'no-unmodified-loop-condition': 'error',
  'no-template-curly-in-string': 'error',
  'prefer-promise-reject-errors': 'error',
  radix: 'error',
};

/** Writing HTML from a string is how content would run script in the LMS. */
const noHtmlFromStrings = {
  'no-restricted-properties': [
    'error',
    { object: 'document', property: 'write', message: 'Build the DOM with createElement/textContent.' },
    { object: 'document', property: 'writeln', message: 'Build the DOM with createElement/textContent.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]",
      message: 'Writing HTML from a string can run script in the LMS: use createElement/textContent, or say in an eslint-disable comment why the markup is safe.',
    },
    {
      selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
      message: 'Writing HTML from a string can run script in the LMS: use createElement/textContent.',
    },
  ],
};

export default [
  {
    ignores: ['**/node_modules/**', 'target/**', 'target-*/**', '**/.cache/**', 'out/**', 'dist/**'],
  },
  {
    files: ['crates/*/assets/**/*.js'],
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: 'script',
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      ...common,
      ...noHtmlFromStrings,
      strict: ['error', 'function'],
      'no-shadow': 'error',
      'no-script-url': 'error',
      'no-implicit-globals': 'error',
      'no-restricted-globals': ['error', 'event', 'name', 'status', 'length', 'top', 'parent', 'self'],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    // (no-script-url is off here: tests feed javascript: URLs to prove they are refused)
    rules: common,
  },
  {
    // Browser tests and the runtime bench pass functions to the page (page.evaluate).
    files: ['tests/e2e/**/*.mjs', 'xtask/bench-js/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
