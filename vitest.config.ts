import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Stryker's sandbox copies of the tests (npm run mutation) are not this project's tests.
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
