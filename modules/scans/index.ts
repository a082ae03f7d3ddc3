// Batch scanning: uploads into batches, the OCR page queue (worker process only), progress,
// retries and identity-code link proposals.
export { addScanFile, ScanFileInput, type AddedScanFile } from './add-scan-file';
export { authorizeScanBatch, handlesScans } from './authorize-scan-batch';
export { claimScanPage, type ClaimedPage } from './claim-scan-page';
export { decideLinkProposal, LinkDecision } from './decide-link-proposal';
export { finishScanFile } from './finish-scan-file';
export { processNextScanPage, type ScanQueueDeps } from './process-next-scan-page';
export {
  DEFAULT_SCAN_QUEUE_SETTINGS,
  scanQueueSettings,
  type ScanQueueSettings,
} from './queue-settings';
export {
  getScanBatch,
  listScanBatches,
  scanBatchProgress,
  type LinkProposalView,
  type ScanBatchDetail,
  type ScanBatchProgress,
  type ScanBatchSummary,
} from './read-scan-batches';
export { retryScanPage } from './retry-scan-page';
export { startScanQueue, type ScanQueue } from './run-scan-queue';
export { completeScanPage, failScanPage } from './settle-scan-page';
