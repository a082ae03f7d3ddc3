// Verifies every stored object against its key; `npx tsx storage/scrub.ts` reports only,
// `npm run storage:scrub` (scripts/scrub-storage.ts) also records incidents in the database.
import { pathToFileURL } from 'node:url';
import { IntegrityError, type ObjectStore } from './port';

export interface BrokenObject {
  key: string;
  /** `integrity`: the bytes hash to something else; `unreadable`: the read itself failed. */
  problem: 'integrity' | 'unreadable';
  detail: string;
  /** What the bytes hash to now (integrity problems only). */
  actualSha256?: string;
}

export interface ScrubReport {
  checked: number;
  bytes: number;
  broken: BrokenObject[];
}

export async function scrubObjectStore(
  store: ObjectStore,
  onObject?: (key: string, ok: boolean) => void,
): Promise<ScrubReport> {
  const report: ScrubReport = { checked: 0, bytes: 0, broken: [] };
  for await (const key of store.list()) {
    report.checked++;
    try {
      // Reading the whole object makes the store verify its SHA-256 at the end.
      for await (const chunk of await store.get(key)) report.bytes += (chunk as Buffer).length;
      onObject?.(key, true);
    } catch (error) {
      report.broken.push(
        error instanceof IntegrityError
          ? {
              key,
              problem: 'integrity',
              detail: `bytes hash to ${error.actualSha256}`,
              actualSha256: error.actualSha256,
            }
          : { key, problem: 'unreadable', detail: (error as Error).message },
      );
      onObject?.(key, false);
    }
  }
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { createObjectStore } = await import('./create-object-store');
  const report = await scrubObjectStore(createObjectStore());
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.broken.length > 0 ? 1 : 0;
}
