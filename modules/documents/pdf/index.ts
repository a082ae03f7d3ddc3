// Generated letters and decisions, PDF signing and signing credentials.
export {
  buildLetterDocument,
  renderLetter,
  type LetterInput,
  type LetterLabels,
  type LetterRecipient,
  type LetterSection,
  type LetterSignatory,
  type OrganisationProfile,
} from './render-letter';
export { signPdf, type SignPdfOptions } from './sign-pdf';
export {
  certificateCommonName,
  createDemoP12,
  loadSigningCredentials,
  SigningKeyError,
  type DemoCertificateSubject,
  type SigningCredentials,
  type SigningKeyErrorCode,
} from './pkcs12';
export { ensureDemoCertificate, type DemoCertificateOptions } from './ensure-demo-certificate';
export {
  verifyPdfSignatures,
  type PdfSignatureStatus,
  type SignatureProblem,
} from './verify-pdf-signatures';
