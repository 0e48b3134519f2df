// Layering rules from STYLE.md: imports only point downward. Do not relax them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Bare built-in names are matched exactly (regex), so a local './events' is not caught.
const builtinNames = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'stream',
  'events',
  'util',
  'url',
  'zlib',
  'readline',
  'worker_threads',
  'dns',
  'tls',
  'timers',
];
const nodeBuiltinPatterns = (message) => [
  { group: ['node:*'], message },
  { regex: `^(${builtinNames.join('|')})(/.*)?$`, message },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'out/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltinPatterns('core/ is pure: no node built-ins (pass I/O in as parameters).'),
            {
              group: [
                'electron',
                'electron/*',
                'electron-store',
                'ssh2',
                'ws',
                'react',
                'react-dom',
              ],
              message: 'core/ is pure: no electron, ssh2, ws or UI imports.',
            },
            {
              group: [
                '**/adapters/**',
                '**/runtime/**',
                '**/app/**',
                '**/electron/**',
                '**/server/**',
                '**/cli/**',
                '**/sim/**',
                '**/src-renderer/**',
              ],
              message: 'core/ imports nothing above it.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'core/ has no DOM.' },
        { name: 'document', message: 'core/ has no DOM.' },
        { name: 'setTimeout', message: 'core/ has no timers: time is an argument.' },
        { name: 'setInterval', message: 'core/ has no timers: time is an argument.' },
        { name: 'process', message: 'core/ has no process.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'core/ takes time as an argument.' },
        { object: 'Math', property: 'random', message: 'core/ takes randomness as an argument.' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltinPatterns('The renderer never gets Node.'),
            {
              group: ['electron', 'electron/*', 'ssh2', 'electron-store'],
              message: 'The renderer never gets Node or Electron.',
            },
            {
              regex: '^(\\.\\./)+src-main/(?!core/)',
              message: 'The renderer imports only src-main/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-renderer/**'], message: 'Main never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltinPatterns('core/ is pure: no node built-ins (pass I/O in as parameters).'),
            {
              group: [
                'electron',
                'electron/*',
                'electron-store',
                'ssh2',
                'ws',
                'react',
                'react-dom',
              ],
              message: 'core/ is pure: no electron, ssh2, ws or UI imports.',
            },
            {
              group: [
                '**/adapters/**',
                '**/runtime/**',
                '**/app/**',
                '**/electron/**',
                '**/server/**',
                '**/cli/**',
                '**/sim/**',
                '**/src-renderer/**',
              ],
              message: 'core/ imports nothing above it.',
            },
          ],
        },
      ],
    },
  },
);
