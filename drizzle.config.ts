import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './db/schema.ts',
    './db/documents-schema.ts',
    './db/casework-schema.ts',
    './db/paths-schema.ts',
    './db/scans-schema.ts',
    './db/archive-schema.ts',
    './db/appeals-schema.ts',
    './db/worklist-schema.ts',
    './db/task-forms-schema.ts',
    './db/apply-schema.ts',
    './db/notices-schema.ts',
  ],
  out: './db/migrations',
});
