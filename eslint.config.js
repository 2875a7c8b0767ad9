// ESLint flat config: TypeScript + Vue (https://eslint.vuejs.org/user-guide/, https://typescript-eslint.io)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'data/**', 'node_modules/**', 'bench/results*', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // CONVENTIONS #5: api/env.ts is the only reader of process.env in the product
    files: ['api/**/*.ts', 'web/**/*.{ts,vue}'],
    ignores: ['api/env.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through api/env.ts.' },
      ],
    },
  },
  {
    // the contract and the rules are shared with the browser: no server or framework code in them
    files: ['api/contract/**/*.ts', 'api/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['hono', 'hono/*', 'pg', '@electric-sql/*', 'vue', 'node:*'] }],
    },
  },
  {
    // the web app reaches the server's code only through the shared layers' aliases
    files: ['web/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/api'],
              message: 'Import shared code through #contract or #rules, never the API itself.',
            },
          ],
        },
      ],
    },
  },
);
