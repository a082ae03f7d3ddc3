// Public surface of the documents module: uploads, a client's documents and reading versions;
// letters and signing are in ./pdf, OCR (worker process only) in ./ocr.
export { acceptUpload, type AcceptUploadOptions, type AcceptedUpload } from './accept-upload';
export {
  DEFAULT_SNIFF_LIMITS,
  FileRejectedError,
  sniffBytes,
  type AcceptedMediaType,
  type RejectionCode,
  type SniffLimits,
  type SniffResult,
} from './sniff';
export { decideDocumentAccess, isArchivalPurpose } from './decide-document-access';
export { listClientDocuments, type ClientDocument } from './list-client-documents';
export { openDocumentVersion, type OpenedDocumentVersion } from './open-document-version';
export {
  NewDocumentInput,
  storeUploadedDocument,
  type DocumentRow,
  type DocumentVersionRow,
  type StoredDocument,
} from './store-uploaded-document';
export { uploadLimits } from './upload-limits';
export {
  assertCaseAcceptsDocuments,
  assertDocumentWritable,
  isArchivedRecordRefusal,
  readOnlyMessage,
  ReadOnlyRecordError,
  type ReadOnlyReason,
} from './archived-records';
