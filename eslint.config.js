// ESLint, run by `npm run lint` (part of `npm test`). TypeScript rules from typescript-eslint
// (the syntax-only "recommended" set: the type-aware sets would double the time of `tsc`,
// which `npm test` runs anyway) and the two Rules of Hooks from eslint-plugin-react-hooks:
// Preact's hooks (preact/hooks) follow the same rules as React's, and the plugin recognises
// them by name (`useX`), not by the package they come from. Both hooks rules are errors, so an
// `eslint-disable-next-line react-hooks/exhaustive-deps` comment silences a check that runs.
// `.astro` files are checked by `astro check` instead (no ESLint parser for them is installed).
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.astro/',
      'node_modules/',
      'public/',
      'model/',
      'pdf/',
      'test-results/',
      'playwright-report/',
      'bench/.out/',
      'tests/fixtures/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Unused names are errors, except the ones a signature needs (`_`-prefixed).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // useModelRequest(run, deps, …) takes its deps like useEffect: check them at the call sites.
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useModelRequest$' }],
    },
  },
);
