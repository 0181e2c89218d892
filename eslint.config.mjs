import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/test-output', 'data/**', 'tmp/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            // web and api share only the domain library, never each other's code
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts', '**/*.js', '**/*.jsx', '**/*.cjs', '**/*.mjs'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Type-checked rules (typescript-eslint `recommendedTypeChecked`) on the TypeScript of api, web and domain.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({
    ...config,
    files: ['apps/api/**/*.ts', 'apps/web/**/*.ts', 'libs/domain/**/*.ts'],
  })),
  {
    files: ['apps/api/**/*.ts', 'apps/web/**/*.ts', 'libs/domain/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Off on purpose: callbacks and interface methods that return a Promise by contract (export writers'
      // `start`, a transition's `apply`, a scenario's `prepare`) stay `async` without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Feature lines inside the api: a feature folder's public face is its index.ts; everything else in it
  // is private. `../tasks` is fine, `../tasks/task.entity` is not (add what you need to the index).
  {
    files: ['apps/api/src/app/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[^./][^/]*/',
              message: "Import another feature through its public face ('../<feature>', its index.ts), not its files.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/app/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\./[^/]+/',
              message: "Import a feature through its public face ('./<feature>', its index.ts), not its files.",
            },
          ],
        },
      ],
    },
  },
  // Core is what features stand on: it never imports a feature. Its integration specs drive the assembled
  // app (demo data, the status refresh), so they may.
  {
    files: ['apps/api/src/core/**/*.ts'],
    ignores: ['apps/api/src/core/**/*.integration-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+app(/|$)',
              message: 'core/ depends on no feature: pass what it needs in from app/ (as app/entities.ts does).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.ts'],
    rules: {
      // Angular's `Validators.required` and friends are static functions written unbound by design.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // ---- web feature boundaries (apps/web) ----
  // A web feature's public face is its index.ts: another feature, or the shell, imports `../<feature>` and
  // nothing past it. A lazy route loads a page or a `*.routes.ts` by its own path with `import()`, which this
  // rule does not see on purpose: app.routes.ts and tasks.routes.ts keep those paths so that every page stays
  // its own lazy chunk (an index that re-exported pages would pull them into whoever imports the index).
  {
    files: ['apps/web/src/app/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./[^./][^/]*/|(\\.\\./)+features/[^/]+/)',
              message: "Import another feature through its public face ('../<feature>', its index.ts), not its files.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/app/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+features/[^/]+/',
              message:
                "Import a feature through its public face ('../features/<feature>', its index.ts), not its files.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/app/core/**/*.ts', 'apps/web/src/app/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(features|shell)(/|$)',
              message: 'core/ and shared/ serve the features; they never import a feature or the shell.',
            },
          ],
        },
      ],
    },
  },
  // ---- end of web feature boundaries ----
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', 'apps/api/test/**/*.ts'],
    rules: {
      // Jest's asymmetric matchers (`expect.any`, `expect.objectContaining`, …) are typed `any`, and tests read
      // parsed files (CSV, XLSX cells, JSON bodies) as whatever they hold: the unsafe-any rules guard the app's
      // code, not its assertions.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // `require.resolve` of a package's bin file in the compose lint test.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
];
