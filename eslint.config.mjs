import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Layering: app → feature → data-access → domain/util. Tooling and tests sit beside it. */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:util'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:util'],
    bannedExternalImports: ['@nestjs/*', 'react', 'react-dom', '@elastic/*', 'bullmq', 'ioredis', 'fastify', '@opentelemetry/*'],
  },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling', 'type:domain', 'type:util'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:tooling', 'type:domain', 'type:data-access', 'type:feature', 'type:util'] },
  { sourceTag: 'scope:frontend', onlyDependOnLibsWithTags: ['scope:frontend', 'scope:shared'] },
  { sourceTag: 'scope:backend', onlyDependOnLibsWithTags: ['scope:backend', 'scope:shared'] },
  { sourceTag: 'scope:sdk', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', 'react', '@elastic/*', 'bullmq'] },
  { sourceTag: 'scope:demo', onlyDependOnLibsWithTags: ['scope:sdk'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

/** One package owns each outside system. */
const ownedImports = [
  { name: '@elastic/elasticsearch', message: 'Only packages/storage talks to Elasticsearch.' },
  { name: 'bullmq', message: 'Only packages/queue knows BullMQ.' },
  { name: 'ioredis', message: 'Only packages/queue knows Redis.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.linkscope/**', '.nx/**', '**/test-results/**', '**/playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { depConstraints, enforceBuildableLibDependency: false, allow: [] }],
      'no-restricted-imports': ['error', { paths: ownedImports, patterns: [{ group: ['@linkscope/*/src/*'], message: 'Import a package through its public index.' }] }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }, { selector: 'ExportAllDeclaration', message: 'List exports by name.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Nest resolves constructor dependencies from decorator metadata, so those imports are values.
    files: ['apps/api/**/*.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    files: ['packages/storage/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ownedImports.filter((i) => i.name !== '@elastic/elasticsearch') }] },
  },
  {
    files: ['packages/queue/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ownedImports.filter((i) => i.name === '@elastic/elasticsearch') }] },
  },
  {
    // The demo shop plays a customer's application with Redis as its own cache and queue (its own
    // key prefix), and the SDK tests drive ioredis as a user would: not Linkscope's Redis.
    files: ['apps/demo-shop/**/*.ts', 'packages/sdk-node/src/**/*.spec.ts', 'packages/sdk-node/src/**/*.int-spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ownedImports.filter((i) => i.name !== 'ioredis') }] },
  },
  {
    // Stand-ins for a user's untouched CommonJS application (SDK preload specs, bench:sdk, bench:alert), run by plain Node.
    files: ['packages/sdk-node/src/testing/fixtures/**/*.cjs', 'bench/sdk/**/*.cjs', 'bench/alert/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', module: 'writable', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', fetch: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
  },
  {
    // Tool configuration files are loaded by their tools, which expect a default export.
    files: ['**/*.config.ts', '**/*.config.mjs', '**/vite.config.ts', '**/playwright.config.ts', '**/global-setup.ts', '**/global-teardown.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
