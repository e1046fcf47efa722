import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layers.js';

const NO_HTML_SYNTAX = [{ selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render data as text, never as HTML.' }];
/** Dexie tables and the handle's own entry points (CuecardDb in lib/store/db.ts). */
const DEXIE_MEMBERS = '/^(prospects|touches|messages|assets|meta|outbox|recentSends|table|transaction|tables)$/';

export default tseslint.config(
  { ignores: ['.output/**', '.output-*/**', 'hub-data/**', '.tmp/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'bench/**/*.json', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { defineBackground: 'readonly', defineContentScript: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Data never enters a document as HTML (DESIGN.md, security).
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build DOM with createElement/textContent; data never goes in as HTML.' },
        { property: 'outerHTML', message: 'Build DOM with createElement/textContent.' },
        { property: 'insertAdjacentHTML', message: 'Build DOM with createElement/textContent.' },
      ],
      'no-restricted-syntax': ['error', ...NO_HTML_SYNTAX],
    },
  },
  {
    // DESIGN.md "Layers": an import that points up a layer fails the run (eslint-rules/layers.js).
    files: ['lib/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'hub/**/*.{ts,tsx}', 'entrypoints/content.ts'],
    ignores: ['**/*.test.ts'],
    plugins: { cuecard: { rules: { layers } } },
    rules: { 'cuecard/layers': 'error' },
  },
  {
    // Dexie is read only in lib/store: everything else asks its functions (DESIGN.md "Layers").
    files: ['lib/**/*.ts', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    ignores: ['lib/store/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'dexie', message: 'Only lib/store opens or reads the database.' }] }],
      'no-restricted-syntax': [
        'error',
        ...NO_HTML_SYNTAX,
        { selector: `MemberExpression[object.name='db'][property.name=${DEXIE_MEMBERS}]`, message: 'Read and write the database through lib/store functions.' },
        { selector: `MemberExpression[object.property.name='db'][property.name=${DEXIE_MEMBERS}]`, message: 'Read and write the database through lib/store functions.' },
      ],
    },
  },
  {
    files: ['scripts/**', 'tests/**', '*.config.*', 'eslint-rules/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
