import { defineConfig } from 'vitest/config';

/**
 * The live room in several Chromium pages at once, each with a fake camera to encode and the
 * others to decode: on two cores one such file is all the machine holds. Two of them side by
 * side (or one beside the database suites) starved a renderer for 30 s in CI, so they run
 * after everything else, one at a time.
 */
const liveBrowserFiles = ['tests/live/*-browser.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['verbose'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          include: ['tests/**/*.test.ts'],
          exclude: liveBrowserFiles,
          // Two cores: more parallel files only make the database and browser tests fight.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'live-browser',
          include: liveBrowserFiles,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
