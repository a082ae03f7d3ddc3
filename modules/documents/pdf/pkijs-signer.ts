// CMS (PKCS#7 / CAdES-BES) detached signatures for @signpdf, built with pkijs: the stock
// node-forge P12 signer double-encodes UTF-8 issuer names (Päätös, Hämeenlinna).
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cryptoEngine, type SigningCredentials } from './pkcs12';

const OID = {
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    if (a[index] !== b[index]) return a[index]! - b[index]!;
  }
  return a.length - b.length;
}

/** The signing certificate's SHA-256, once per loaded certificate (re-encoding it is not free). */
const certificateHashes = new WeakMap<pkijs.Certificate, Promise<ArrayBuffer>>();

function certificateHashOf(certificate: pkijs.Certificate): Promise<ArrayBuffer> {
  let hash = certificateHashes.get(certificate);
  if (!hash) {
    hash = globalThis.crypto.subtle.digest('SHA-256', certificate.toSchema().toBER(false));
    certificateHashes.set(certificate, hash);
  }
  return hash;
}

export class PkijsSigner extends Signer {
  private readonly engine = cryptoEngine();

  constructor(private readonly credentials: SigningCredentials) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const subtle = globalThis.crypto.subtle;
    const { certificate, chain, privateKey } = this.credentials;
    const digest = await subtle.digest('SHA-256', new Uint8Array(pdfBuffer));
    const certificateHash = await certificateHashOf(certificate);

    // ESS signingCertificateV2 binds the certificate into the signed attributes (CAdES-BES);
    // hashAlgorithm is omitted because SHA-256 is its default.
    const signingCertificateV2 = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certificateHash })] }),
          ],
        }),
      ],
    });
    const attributes = [
      new pkijs.Attribute({
        type: OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: OID.data })],
      }),
      new pkijs.Attribute({
        type: OID.signingTime,
        values: [new asn1js.UTCTime({ valueDate: signingTime ?? new Date() })],
      }),
      new pkijs.Attribute({
        type: OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: digest })],
      }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] }),
    ];
    // pkijs encodes the SET in the given order; DER (and verifiers) need it sorted.
    const encoded = (attribute: pkijs.Attribute) =>
      new Uint8Array(attribute.toSchema().toBER(false));
    attributes.sort((a, b) => compareBytes(encoded(a), encoded(b)));

    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({
            issuer: certificate.issuer,
            serialNumber: certificate.serialNumber,
          }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        }),
      ],
      certificates: [certificate, ...chain],
    });
    await signedData.sign(privateKey, 0, 'SHA-256', undefined, this.engine);
    const contentInfo = new pkijs.ContentInfo({
      contentType: pkijs.ContentInfo.SIGNED_DATA,
      content: signedData.toSchema(true),
    });
    return Buffer.from(contentInfo.toSchema().toBER(false));
  }
}
