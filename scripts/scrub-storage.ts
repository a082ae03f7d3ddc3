// `npm run storage:scrub`: verifies every stored object and records an integrity incident (and an
// audit row) for each broken one, for the admin page. Needs DATABASE_URL; exit code 1 when broken.
import { createDatabase, databaseUrl } from '@/db/client';
import { scrubAndRecordIncidents } from '@/modules/archive/scrub-and-record';
import { createObjectStore } from '../storage/create-object-store';

const { pool, db } = createDatabase(databaseUrl(), 2);
try {
  const report = await scrubAndRecordIncidents(db, createObjectStore());
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.broken.length > 0 ? 1 : 0;
} finally {
  await pool.end();
}
