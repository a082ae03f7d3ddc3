// Adds a signature field to a PDF and fills it with a CMS signature (PAdES-style, detached).
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ADOBE_PKCS7_DETACHED, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import { certificateCommonName, type SigningCredentials } from './pkcs12';
import { PkijsSigner } from './pkijs-signer';

export interface SignPdfOptions {
  reason: string;
  location: string;
  contactInfo?: string;
  /** Signer name shown by readers; default the certificate's common name. */
  name?: string;
  signingTime?: Date;
  /** `cades` writes ETSI.CAdES.detached (PAdES baseline); default adbe.pkcs7.detached. */
  format?: 'pkcs7' | 'cades';
}

/** Bytes reserved for the CMS signature: a 4096-bit key and a three-certificate chain fit. */
const SIGNATURE_LENGTH = 16_384;

const signPdfInstance = new SignPdf();

/**
 * Signs a PDF. Pass the pdf-lib document of a freshly generated file to avoid a re-parse;
 * a byte array is loaded without touching its metadata.
 */
export async function signPdf(
  pdf: Uint8Array | PDFDocument,
  credentials: SigningCredentials,
  options: SignPdfOptions,
): Promise<Uint8Array> {
  const doc =
    pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { updateMetadata: false });
  const signingTime = options.signingTime ?? new Date();
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: options.reason,
    location: options.location,
    contactInfo: options.contactInfo ?? '',
    name: options.name ?? certificateCommonName(credentials.certificate),
    signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter:
      options.format === 'cades' ? SUBFILTER_ETSI_CADES_DETACHED : SUBFILTER_ADOBE_PKCS7_DETACHED,
  });
  // The placeholder must stay findable as plain text: no object streams.
  const withPlaceholder = await doc.save({ useObjectStreams: false });
  const signed = await signPdfInstance.sign(
    Buffer.from(withPlaceholder),
    new PkijsSigner(credentials),
    signingTime,
  );
  return new Uint8Array(signed);
}
