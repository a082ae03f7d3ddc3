import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./db/schema.ts', './db/documents-schema.ts', './db/worklist-schema.ts'],
  out: './db/migrations',
});
