// ESLint (flat config): typescript-eslint's recommended rules on the client and the server,
// as the anchors (vscode-eslint, rust-analyzer's client, Continue) use. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-artifacts/**', 'media/**', 'demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['client/src/**/*.ts', 'server/src/**/*.ts'],
    rules: {
      // `_`-prefixed parameters and variables are deliberately unused (interface shapes, destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
