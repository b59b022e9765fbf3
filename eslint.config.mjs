// ESLint 9 flat config for the whole workspace: `npm run lint` (also a step of `npm test`), `npm run lint -- --fix`.
// Recommended sets of @eslint/js and typescript-eslint for every project, angular-eslint for the admin (code and
// templates), and Nx's module boundaries over the project tags in each project.json. Formatting is Prettier's job
// (.prettierrc), so eslint-config-prettier comes last and turns off every rule that would fight it.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.mts', '**/*.cts'];
const CODE = [...TS, '**/*.js', '**/*.mjs', '**/*.cjs'];

// The layering of docs/ARCHITECTURE.md, checked on every import between projects (tags are in each project.json):
//   scope:api     apps/api                 scope:admin   apps/admin, apps/admin-e2e
//   scope:sandbox apps/ctct-sandbox        scope:shared  libs/shared/types
//   scope:tools   tools (npm scripts), tools/bench, tools/demo (@ctct/demo-data)
//   type:app | lib | e2e | bench | scripts
const depConstraints = [
  // Libraries are building blocks: they never reach into an app.
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  // The shared DTO types stay framework-free and depend on nothing of ours.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // The admin (and its browser tests) talk to the API over HTTP only: never an import of API code.
  { sourceTag: 'scope:admin', notDependOnLibsWithTags: ['scope:api'] },
  // What the Angular bundle may contain besides its own code: the shared DTO types.
  { allSourceTags: ['scope:admin', 'type:app'], onlyDependOnLibsWithTags: ['scope:shared'] },
  // The sandbox plays Constant Contact: it knows nothing of our API.
  { sourceTag: 'scope:sandbox', onlyDependOnLibsWithTags: ['scope:sandbox', 'scope:shared'] },
  // The API builds on the shared types and libraries (the demo-data generator seeds the demo).
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared', 'type:lib'] },
  // Dev tooling may use anything but the admin.
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:api', 'scope:sandbox', 'scope:shared', 'scope:tools'] },
];

// Public entry points that other projects may import although their owner is an app. `allow` entries are matched
// as regular expressions against the import as written, so a relative path is matched by its tail.
// - The sandbox runs in-process in the API's integration tests, the browser tests and the benches, through its
//   index (apps/ctct-sandbox/src/index.ts, alias @ctct/sandbox) — never from the API's own code or the admin.
const sandboxEntry = '^@ctct/sandbox$';
// - The API's test harness (a throwaway database, an in-process sandbox) serves the browser tests and the benches.
const apiTestSupport = (prefix) => `^(\\.\\./)+${prefix}api/test/support/[\\w.-]+$`;
// - The benches drive the real API in-process, through: the app factory and its configuration, and each module's
//   public surface — its index file (apps/api/src/modules/<module>/index.ts), never a file deep inside a module.
const apiEntries = [
  '^(\\.\\./)+apps/api/src/app\\.factory$',
  '^(\\.\\./)+apps/api/src/config/app-config$',
  '^(\\.\\./)+apps/api/src/modules/[\\w-]+(/index)?$',
];

const boundaries = (allow = []) => ({
  '@nx/enforce-module-boundaries': ['error', { allow, depConstraints, enforceBuildableLibDependency: false }],
});

export default defineConfig([
  globalIgnores(['**/dist/', '**/.nx/', '**/.angular/', '**/.data/', '**/tmp/', '**/coverage/', '**/test-output/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Every TypeScript and JavaScript file.
  {
    files: CODE,
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
  },
  {
    files: TS,
    extends: [tseslint.configs.recommended],
    rules: {
      // `_`-prefixed parameters and destructured leftovers are deliberate (a callback's unused first argument, `{ secret: _, ...safe }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // The sandbox handles CC's JSON bodies after its request schemas validated them (src/http/request-schemas.ts), and
  // its contract tests read the swagger document as plain JSON. One interface per body is open work (see the
  // closing note of the code-structure issue), so `any` is tolerated there and nowhere else.
  {
    files: ['apps/ctct-sandbox/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Node scripts and CommonJS configs (npm scripts, jest configs).
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },

  // The Angular admin: component code, inline templates and the .html templates.
  {
    files: ['apps/admin/**/*.ts'],
    extends: [angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'app', style: 'kebab-case' }],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'app', style: 'camelCase' }],
    },
  },
  {
    files: ['apps/admin/**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
  },

  // Module boundaries between the Nx projects, over their TypeScript (the .cjs/.mjs files are configs and npm scripts,
  // which may load workspace-level files such as jest.preset.cjs).
  {
    files: TS,
    plugins: { '@nx': nx },
    rules: boundaries(),
  },
  {
    files: ['apps/api/test/**/*.ts'],
    rules: boundaries([sandboxEntry]),
  },
  {
    files: ['apps/admin-e2e/**/*.ts'],
    rules: boundaries([sandboxEntry, apiTestSupport('')]),
  },
  {
    files: ['tools/bench/**/*.ts'],
    rules: boundaries([sandboxEntry, apiTestSupport('apps/'), ...apiEntries]),
  },

  prettier,
]);
