// Reads the signatures of a PDF and checks that each one still matches the bytes it covers:
// the "signature status" shown in the archive. Certificate trust is not evaluated here.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateCommonName, cryptoEngine } from './pkcs12';

export type SignatureProblem = 'digest_mismatch' | 'bad_signature' | 'malformed';

export interface PdfSignatureStatus {
  valid: boolean;
  problem?: SignatureProblem;
  signerName?: string;
  signingTime?: Date;
  /** False when bytes were appended after signing (an incremental update). */
  coversWholeDocument: boolean;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const SIGNING_TIME = '1.2.840.113549.1.9.5';

function signingTimeOf(signerInfo: pkijs.SignerInfo): Date | undefined {
  const attribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === SIGNING_TIME);
  const value = attribute?.values[0];
  return value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime
    ? value.toDate()
    : undefined;
}

async function verifyOne(
  bytes: Uint8Array,
  [start, firstLength, secondStart, secondLength]: number[],
): Promise<PdfSignatureStatus> {
  const coversWholeDocument = start === 0 && secondStart! + secondLength! === bytes.length;
  const malformed = { valid: false, problem: 'malformed' as const, coversWholeDocument };
  if (start !== 0 || secondStart! + secondLength! > bytes.length || firstLength! >= secondStart!) {
    return malformed;
  }
  const contents = Buffer.from(bytes.subarray(firstLength!, secondStart!)).toString('latin1');
  const hex = /^<([0-9A-Fa-f]*)>$/.exec(contents)?.[1];
  if (!hex) return malformed;
  const der = Buffer.from(hex, 'hex');
  const parsed = asn1js.fromBER(new Uint8Array(der));
  if (parsed.offset === -1) return malformed;

  let signedData: pkijs.SignedData;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return malformed;
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) return malformed;
  const signed = new Uint8Array(firstLength! + secondLength!);
  signed.set(bytes.subarray(0, firstLength!), 0);
  signed.set(bytes.subarray(secondStart!, secondStart! + secondLength!), firstLength!);

  const result = await signedData
    .verify(
      { signer: 0, data: signed.buffer, checkChain: false, extendedMode: true },
      cryptoEngine(),
    )
    .catch((error: unknown) => error as pkijs.SignedDataVerifyResult);
  const certificate = result.signerCertificate ?? undefined;
  const details = {
    signerName: certificate ? certificateCommonName(certificate) : undefined,
    signingTime: signingTimeOf(signerInfo),
    coversWholeDocument,
  };
  if (result.signatureVerified === true) return { valid: true, ...details };
  // pkijs reports several failures under one code; only the message tells them apart.
  const problem: SignatureProblem = /digest doesn't match/i.test(result.message ?? '')
    ? 'digest_mismatch'
    : 'bad_signature';
  return { valid: false, problem, ...details };
}

/** One entry per signature, in file order; an unsigned PDF gives an empty list. */
export async function verifyPdfSignatures(pdf: Uint8Array): Promise<PdfSignatureStatus[]> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const statuses: PdfSignatureStatus[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    statuses.push(await verifyOne(pdf, match.slice(1, 5).map(Number)));
  }
  return statuses;
}
