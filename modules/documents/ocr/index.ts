// OCR for scans; import only in the worker process (tesseract workers are heavy).
export {
  createOcrPool,
  OcrError,
  type OcrErrorCode,
  type OcrPool,
  type OcrPoolOptions,
  type PageOcr,
} from './ocr-pool';
export {
  ocrDocument,
  type OcrDocumentOptions,
  type OcrDocumentResult,
  type OcrMediaType,
  type PageResult,
} from './ocr-document';
export { buildSearchablePdf, type ScanSource } from './searchable-pdf';
export { LanguageDataError, OCR_LANGUAGES, type OcrLanguage } from './tessdata';
export {
  assembleSearchablePdf,
  isScanMediaType,
  ocrScanPage,
  scanPageImage,
  type ScanMediaType,
} from './ocr-scan-page';
export { tiffPage, tiffPageCount, tiffPages, type TiffPage } from './tiff-pages';
