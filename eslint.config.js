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

// The layers of src-main/ (DESIGN.md "The house"), and the layers each may import: imports
// only point downward. DESIGN lists sim/ last, but sim/ is a leaf beside adapters/ (it imports
// only core/; runtime/ starts it for `--sim` rehearsals and preflight, app/ for the embedded
// demo). The entry points (electron, server, cli) stand on app/ and never import one another,
// except cli/, which hosts the browser console (`ringside serve`) and so may import server/.
// test/unit/layer-lint.test.ts lints a fixture per layer against this table; keep both in step.
const LAYER_ALLOWS = {
  core: [],
  adapters: ['core'],
  sim: ['core'],
  runtime: ['core', 'adapters', 'sim'],
  app: ['core', 'adapters', 'sim', 'runtime'],
  electron: ['core', 'adapters', 'sim', 'runtime', 'app'],
  server: ['core', 'adapters', 'sim', 'runtime', 'app'],
  cli: ['core', 'adapters', 'sim', 'runtime', 'app', 'server'],
};
const LAYERS = Object.keys(LAYER_ALLOWS);

// Relative imports only ('../sim', '../../adapters/ssh'), so the npm package 'electron' is
// not mistaken for the electron/ layer; a barrel import without a trailing path is caught too.
const layerImport = (names) => `^(\\.\\./)+(src-main/)?(${names.join('|')})(/.*)?$`;
const rendererBan = [
  { group: ['**/src-renderer/**'], message: 'Main never imports the renderer.' },
  { regex: layerImport(['src-renderer']), message: 'Main never imports the renderer.' },
];
const layerBan = (layer) => {
  const forbidden = LAYERS.filter((l) => l !== layer && !LAYER_ALLOWS[layer].includes(l));
  const allowed = LAYER_ALLOWS[layer].length > 0 ? LAYER_ALLOWS[layer].join(', ') : 'nothing';
  return forbidden.length === 0
    ? []
    : [
        {
          regex: layerImport(forbidden),
          message: `${layer}/ may import only ${allowed} of src-main (imports point downward: DESIGN.md "The house").`,
        },
      ];
};

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
    // Anything directly under src-main/; every layer block below repeats the ban, because a
    // later block's no-restricted-imports replaces an earlier one's for the files it matches.
    files: ['src-main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: rendererBan }] },
  },
  // One block per layer (its tests included): the layers it may not import.
  ...LAYERS.map((layer) => ({
    files: [`src-main/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...rendererBan, ...layerBan(layer)] }],
    },
  })),
  // core/ outside its tests is pure besides (last, so it wins over core's layer block).
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...rendererBan,
            ...layerBan('core'),
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
);
