// Scrubs the object store and records an integrity incident for every broken object.
import type { Database } from '@/db/client';
import { scrubObjectStore, type ScrubReport } from '../../storage/scrub';
import type { ObjectStore } from '../../storage/port';
import { recordIntegrityIncident } from './record-integrity-incident';

export async function scrubAndRecordIncidents(
  db: Database,
  store: ObjectStore,
): Promise<ScrubReport & { incidentIds: string[] }> {
  const report = await scrubObjectStore(store);
  const incidentIds: string[] = [];
  for (const broken of report.broken) {
    const incident = await recordIntegrityIncident(db, {
      storageKey: broken.key,
      problem: broken.problem,
      actualSha256: broken.actualSha256 ?? null,
      detail: broken.detail,
      source: 'scrub',
    });
    incidentIds.push(incident.id);
  }
  return { ...report, incidentIds };
}
