// `npx eslint .` (part of `npm run lint`). typescript-eslint's recommended rules on all TypeScript,
// React hooks and jsx-a11y on the renderer, Node or browser globals by folder. Formatting is Prettier's
// job (eslint-config-prettier switches off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'build/', 'coverage/', 'test-artifacts/', 'drizzle/', '.electron-native/', '.tmp/', '.scratch*/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // `_`-prefixed names mark a parameter or binding kept for its position or shape.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Short-circuit calls and comma sequences (`ok || retry()`, `(a = 1), i++`) are a deliberate terse style here.
      // The secret scrubber, validators and CSV/IIF writers match control characters on purpose.
      'no-control-regex': 'off',
      // A `let` assigned after the closures that read it (two objects that need each other) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // Test doubles reach into untyped internals and hand-built HTTP payloads; `any` there is the honest type.
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // The reliability tests' small CSV parser steps with comma sequences (`(cell += c), i++`).
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    ...jsxA11y.flatConfigs.recommended,
    languageOptions: {
      ...jsxA11y.flatConfigs.recommended.languageOptions,
      globals: globals.browser,
    },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // Scrollable regions (tables, charts, log details) take tabIndex=0 so keyboard users can scroll them
      // (axe's scrollable-region-focusable, which the e2e accessibility checks enforce).
      'jsx-a11y/no-noninteractive-tabindex': 'off',
      // Format options put their label text two spans deep inside the <label> that wraps the input.
      // Key handlers on a dialog or form catch keys bubbling up from the controls inside (Escape, Tab, Enter).
      'jsx-a11y/no-noninteractive-element-interactions': ['error', { handlers: ['onClick', 'onMouseDown', 'onMouseUp', 'onKeyPress'] }],
      'jsx-a11y/label-has-associated-control': ['error', { depth: 3 }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The two classic hook rules. v7's React Compiler rules (refs, set-state-in-effect, incompatible-library, …)
    // are left out: the app is not compiled with the React Compiler and uses the latest-ref and sync-on-prop patterns.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Vite's config runs in Node.
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
