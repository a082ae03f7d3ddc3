// Worker-side command: closes the open print batch into one PDF for the printing service and
// prints where it is. Run it once a day (cron or a scheduler) with the worker's environment:
//   DATABASE_URL=… STORAGE_DIR=… npm run print-batch:close [-- <batch id>]
import { createDatabase, databaseUrl } from '@/db/client';
import { closePrintBatch } from '@/modules/delivery';

async function main() {
  const { db, pool } = createDatabase(databaseUrl(), 2);
  try {
    const batchId = process.argv[2];
    const result = await closePrintBatch(db, { batchId, closedBy: 'print-batch:close' });
    if (!result) {
      console.log('No open print batch with letters; nothing to close.');
      return;
    }
    console.log(
      JSON.stringify(
        { ...result, note: result.closedNow ? 'closed now' : 'was closed before' },
        null,
        2,
      ),
    );
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
