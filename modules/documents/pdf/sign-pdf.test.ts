import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDemoP12,
  loadSigningCredentials,
  SigningKeyError,
  type SigningCredentials,
} from './pkcs12';
import { buildLetterDocument, renderLetter, type LetterInput } from './render-letter';
import { signPdf } from './sign-pdf';
import { flatten, pdfsig, pdftotext } from './test-helpers';
import { verifyPdfSignatures } from './verify-pdf-signatures';

const input: LetterInput = {
  organisation: { name: 'Hämeenlinnan kaupunki', addressLines: ['PL 84', '13101 Hämeenlinna'] },
  locale: 'fi',
  title: 'Päätös toimeentulotuesta',
  date: new Date('2026-11-25T09:00:00Z'),
  caseNumber: 'HML/2026/77',
  paragraphs: ['Myönnetään täydentävää toimeentulotukea. Överklagande: Åbo förvaltningsdomstol.'],
};

let finnish: SigningCredentials;
let ascii: SigningCredentials;
let finnishP12: Uint8Array;

beforeAll(async () => {
  finnishP12 = await createDemoP12(
    {
      commonName: 'Päätös Hämeenlinna',
      organization: 'Hämeenlinnan kaupunki',
      organizationalUnit: 'Sosiaalipalvelut – Sosiala tjänster',
      locality: 'Hämeenlinna',
    },
    'sälasana',
  );
  finnish = await loadSigningCredentials(finnishP12, 'sälasana');
  ascii = await loadSigningCredentials(
    await createDemoP12({ commonName: 'Decision signer', organization: 'Demo City' }, 'secret'),
    'secret',
  );
});

describe('signPdf', () => {
  it('pdfsig validates a letter signed with a certificate whose names contain ä and ö', async () => {
    const signed = await signPdf(await buildLetterDocument(input), finnish, {
      reason: 'Päätöksen allekirjoitus',
      location: 'Hämeenlinna',
    });
    const report = await pdfsig(signed);
    expect(report).toContain('Signer Certificate Common Name: Päätös Hämeenlinna');
    expect(report).toContain('O=Hämeenlinnan kaupunki');
    expect(report).toContain('Signature Type: adbe.pkcs7.detached');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(flatten(await pdftotext(signed))).toContain('Överklagande: Åbo förvaltningsdomstol.');
  });

  it('pdfsig validates an ETSI.CAdES.detached signature and an ASCII-named certificate', async () => {
    const signed = await signPdf(await renderLetter(input), ascii, {
      reason: 'Decision',
      location: 'Demo City',
      format: 'cades',
    });
    const report = await pdfsig(signed);
    expect(report).toContain('Signer Certificate Common Name: Decision signer');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature Validation: Signature is Valid.');
  });

  it('one changed byte in the signed range gives a digest mismatch', async () => {
    const signed = Buffer.from(
      await signPdf(await renderLetter(input), finnish, { reason: 'Paatos', location: 'HML' }),
    );
    const at = signed.indexOf('/Reason (Paatos)') + '/Reason ('.length;
    expect(at).toBeGreaterThan(10);
    signed[at] = 'Q'.charCodeAt(0);
    const report = await pdfsig(signed);
    expect(report).toContain('Digest Mismatch');
    expect(report).not.toContain('Signature is Valid');
    expect(await verifyPdfSignatures(signed)).toEqual([
      expect.objectContaining({ valid: false, problem: 'digest_mismatch' }),
    ]);
  });

  it('verifyPdfSignatures reports the signer, time and validity that pdfsig sees', async () => {
    const signingTime = new Date('2026-11-25T10:15:00Z');
    const unsigned = await renderLetter(input);
    const signed = await signPdf(unsigned, finnish, {
      reason: 'Päätös',
      location: 'Hämeenlinna',
      signingTime,
    });
    expect(await verifyPdfSignatures(unsigned)).toEqual([]);
    expect(await verifyPdfSignatures(signed)).toEqual([
      { valid: true, signerName: 'Päätös Hämeenlinna', signingTime, coversWholeDocument: true },
    ]);
    const appended = Buffer.concat([Buffer.from(signed), Buffer.from('\n% later update\n')]);
    expect(await verifyPdfSignatures(appended)).toEqual([
      expect.objectContaining({ valid: true, coversWholeDocument: false }),
    ]);
  });

  it('a wrong P12 password is a typed error', async () => {
    const error = await loadSigningCredentials(finnishP12, 'väärä').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningKeyError);
    expect((error as SigningKeyError).code).toBe('wrong_password');
  });
});
