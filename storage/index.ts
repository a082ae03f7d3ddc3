// Public surface of storage/: the port, its errors, the configured store and the scrub.
export { createObjectStore } from './create-object-store';
export {
  IntegrityError,
  StorageError,
  isStorageKey,
  type ByteRange,
  type DeleteOptions,
  type ObjectSource,
  type ObjectStore,
  type PutOptions,
  type StorageErrorCode,
  type StoredObject,
} from './port';
export { withIntegrityReporting, type IntegrityReporter } from './report-integrity';
export { scrubObjectStore, type ScrubReport } from './scrub';
