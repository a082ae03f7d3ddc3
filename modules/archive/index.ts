// Public surface of the archive module: search, the archivist's document view, legal holds and
// integrity incidents of stored objects.
export { ArchiveQuery, searchArchive, type ArchiveHit } from './search-archive';
export {
  loadArchivedDocument,
  type ArchivedDocument,
  type LegalHoldEvent,
} from './load-archived-document';
export {
  setLegalHold,
  LegalHoldChange,
  type LegalHoldError,
  type LegalHoldResult,
} from './set-legal-hold';
export { RETENTION_STATES, retentionState, type RetentionState } from './retention-state';
export { recordIntegrityIncident, type IntegrityFinding } from './record-integrity-incident';
export {
  acknowledgeIntegrityIncident,
  listIntegrityIncidents,
  type IntegrityIncidentRow,
} from './integrity-incidents';
export { scrubAndRecordIncidents } from './scrub-and-record';
