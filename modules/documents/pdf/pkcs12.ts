// Signing credentials from a PKCS#12 file, and a self-signed demo P12 for first start;
// pkijs + Node's webcrypto, no openssl or node-forge (which mangles UTF-8 names).
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface SigningCredentials {
  privateKey: CryptoKey;
  certificate: pkijs.Certificate;
  /** Intermediate certificates to embed after the signing certificate. */
  chain: pkijs.Certificate[];
}

export type SigningKeyErrorCode =
  'wrong_password' | 'no_private_key' | 'no_certificate' | 'unsupported_key';

export class SigningKeyError extends Error {
  constructor(
    readonly code: SigningKeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

const OID = {
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  localKeyId: '1.2.840.113549.1.9.21',
  friendlyName: '1.2.840.113549.1.9.20',
  rsaEncryption: '1.2.840.113549.1.1.1',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  locality: '2.5.4.7',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

const RSA_SIGN = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const P12_ITERATIONS = 100_000;
const MAC_ITERATIONS = 2048;

export function cryptoEngine(): pkijs.CryptoEngine {
  return new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto });
}

const utf8 = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function importRsaKey(info: pkijs.PrivateKeyInfo): Promise<CryptoKey> {
  if (info.privateKeyAlgorithm.algorithmId !== OID.rsaEncryption) {
    throw new SigningKeyError('unsupported_key', 'Only RSA signing keys are supported');
  }
  return globalThis.crypto.subtle.importKey(
    'pkcs8',
    info.toSchema().toBER(false),
    RSA_SIGN,
    false,
    ['sign'],
  );
}

/** Reads the key and certificates of a password-protected P12 (PBES2 or legacy RC2/3DES). */
export async function loadSigningCredentials(
  p12: Uint8Array,
  password: string,
): Promise<SigningCredentials> {
  const engine = cryptoEngine();
  const pass = utf8(password);
  const pfx = pkijs.PFX.fromBER(toArrayBuffer(p12));
  try {
    await pfx.parseInternalValues({ password: pass, checkIntegrity: true }, engine);
  } catch (error) {
    throw new SigningKeyError('wrong_password', `Cannot open the P12: ${(error as Error).message}`);
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new SigningKeyError('no_private_key', 'The P12 has no authenticated safe');
  await safe.parseInternalValues(
    { safeContents: safe.safeContents.map(() => ({ password: pass })) },
    engine,
  );

  let privateKey: CryptoKey | undefined;
  let keyId: string | undefined;
  const certificates: { certificate: pkijs.Certificate; localKeyId?: string }[] = [];
  const contents = (safe.parsedValue as { safeContents: { value: pkijs.SafeContents }[] })
    .safeContents;
  for (const { value } of contents) {
    for (const bag of value.safeBags) {
      const localKeyId = bag.bagAttributes?.find((attribute) => attribute.type === OID.localKeyId)
        ?.values[0] as asn1js.OctetString | undefined;
      const id = localKeyId
        ? Buffer.from(localKeyId.valueBlock.valueHexView).toString('hex')
        : undefined;
      if (bag.bagId === OID.shroudedKeyBag) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        const decrypted = await new pkijs.EncryptedData({
          encryptedContentInfo: new pkijs.EncryptedContentInfo({
            contentEncryptionAlgorithm: shrouded.encryptionAlgorithm,
            encryptedContent: shrouded.encryptedData,
          }),
        }).decrypt({ password: pass }, engine);
        privateKey = await importRsaKey(pkijs.PrivateKeyInfo.fromBER(decrypted));
        keyId = id;
      } else if (bag.bagId === OID.keyBag) {
        privateKey = await importRsaKey(bag.bagValue as pkijs.PrivateKeyInfo);
        keyId = id;
      } else if (bag.bagId === OID.certBag) {
        const certBag = bag.bagValue as pkijs.CertBag;
        const certificate =
          certBag.parsedValue instanceof pkijs.Certificate
            ? certBag.parsedValue
            : pkijs.Certificate.fromBER(
                toArrayBuffer((certBag.certValue as asn1js.OctetString).valueBlock.valueHexView),
              );
        certificates.push({ certificate, localKeyId: id });
      }
    }
  }
  if (!privateKey) throw new SigningKeyError('no_private_key', 'The P12 holds no private key');
  const own =
    certificates.find((entry) => keyId !== undefined && entry.localKeyId === keyId) ??
    certificates[0];
  if (!own) throw new SigningKeyError('no_certificate', 'The P12 holds no certificate');
  return {
    privateKey,
    certificate: own.certificate,
    chain: certificates.filter((entry) => entry !== own).map((entry) => entry.certificate),
  };
}

export interface DemoCertificateSubject {
  /** e.g. "Päätösten allekirjoitus (demo)". Non-ASCII letters are stored as UTF8String. */
  commonName: string;
  organization: string;
  organizationalUnit?: string;
  locality?: string;
  /** ISO 3166 two-letter code. */
  country?: string;
}

/** One attribute per RDN: pkijs would put them all into one multi-valued RDN (C=FI+O=...). */
function distinguishedName(subject: DemoCertificateSubject): pkijs.RelativeDistinguishedNames {
  const entries: [string, asn1js.BaseStringBlock][] = [
    [OID.country, new asn1js.PrintableString({ value: subject.country ?? 'FI' })],
    [OID.organization, new asn1js.Utf8String({ value: subject.organization })],
  ];
  if (subject.organizationalUnit) {
    entries.push([
      OID.organizationalUnit,
      new asn1js.Utf8String({ value: subject.organizationalUnit }),
    ]);
  }
  if (subject.locality)
    entries.push([OID.locality, new asn1js.Utf8String({ value: subject.locality })]);
  entries.push([OID.commonName, new asn1js.Utf8String({ value: subject.commonName })]);
  const name = new asn1js.Sequence({
    value: entries.map(
      ([type, value]) =>
        new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] }),
    ),
  });
  // Parsing from DER makes pkijs keep these exact bytes when it encodes the name again.
  return pkijs.RelativeDistinguishedNames.fromBER(name.toBER(false));
}

/**
 * A self-signed RSA-2048 certificate with its key in a P12 (PBES2/AES-256, HMAC-SHA-256),
 * for demo installations that have no organisation certificate yet.
 */
export async function createDemoP12(
  subject: DemoCertificateSubject,
  password: string,
  validDays = 3 * 365,
): Promise<Uint8Array> {
  const engine = cryptoEngine();
  const subtle = globalThis.crypto.subtle;
  const keys = await subtle.generateKey(
    { ...RSA_SIGN, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  );

  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = globalThis.crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.issuer = distinguishedName(subject);
  certificate.subject = distinguishedName(subject);
  const now = new Date();
  certificate.notBefore.value = new Date(now.getTime() - 60_000);
  certificate.notAfter.value = new Date(now.getTime() + validDays * 86_400_000);
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  const keyIdentifier = await subtle.digest(
    'SHA-1',
    toArrayBuffer(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
  );
  certificate.extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
      parsedValue: new pkijs.BasicConstraints({ cA: false }),
    }),
    new pkijs.Extension({
      extnID: OID.keyUsage,
      critical: true,
      // digitalSignature and nonRepudiation (contentCommitment): bits 0 and 1.
      extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 }).toBER(
        false,
      ),
    }),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      extnValue: new asn1js.OctetString({ valueHex: keyIdentifier }).toBER(false),
    }),
  ];
  await certificate.sign(keys.privateKey, 'SHA-256', engine);

  const pkcs8 = await subtle.exportKey('pkcs8', keys.privateKey);
  const pass = utf8(password);
  const encryption = {
    password: pass,
    // pkijs draws a fresh random IV itself; the typings still ask for one.
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256, iv: new Uint8Array(16) },
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: P12_ITERATIONS,
  };
  const localKeyId = new pkijs.Attribute({
    type: OID.localKeyId,
    values: [new asn1js.OctetString({ valueHex: keyIdentifier })],
  });
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({
    parsedValue: pkijs.PrivateKeyInfo.fromBER(pkcs8),
  });
  await keyBag.makeInternalValues(encryption, engine);

  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            {
              privacyMode: 0,
              value: new pkijs.SafeContents({
                safeBags: [
                  new pkijs.SafeBag({
                    bagId: OID.shroudedKeyBag,
                    bagValue: keyBag,
                    bagAttributes: [localKeyId],
                  }),
                ],
              }),
            },
            {
              privacyMode: 1,
              value: new pkijs.SafeContents({
                safeBags: [
                  new pkijs.SafeBag({
                    bagId: OID.certBag,
                    bagValue: new pkijs.CertBag({ parsedValue: certificate }),
                    bagAttributes: [localKeyId],
                  }),
                ],
              }),
            },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues(
    { safeContents: [{}, encryption] },
    engine,
  );
  await pfx.makeInternalValues(
    {
      password: pass,
      iterations: MAC_ITERATIONS,
      pbkdf2HashAlgorithm: { name: 'SHA-256' },
      hmacHashAlgorithm: 'SHA-256',
    },
    engine,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}

/** The certificate's subject common name, decoded (for signature dictionaries and UI). */
export function certificateCommonName(certificate: pkijs.Certificate): string {
  const entry = certificate.subject.typesAndValues.find((tv) => tv.type === OID.commonName);
  return entry ? String(entry.value.valueBlock.value) : '';
}
