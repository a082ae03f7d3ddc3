// Public surface of the documents module for uploads; letters and signing are in ./pdf,
// OCR (worker process only) in ./ocr.
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
