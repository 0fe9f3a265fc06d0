import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Every table lives with its capability, in <capability>/schema.ts.
  schema: './server/*/schema.ts',
  out: './migrations',
});
