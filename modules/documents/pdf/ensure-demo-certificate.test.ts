import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemoCertificate } from './ensure-demo-certificate';
import { certificateCommonName, loadSigningCredentials } from './pkcs12';

let directory = '';
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('ensureDemoCertificate', () => {
  it('creates a usable demo P12 on first start and keeps it on the next', async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'sos-cert-'));
    const options = {
      file: path.join(directory, 'signing', 'demo.p12'),
      password: 'demo',
      subject: { commonName: 'Demo-allekirjoittaja Hämeenlinna', organization: 'Demokunta' },
    };
    const first = await ensureDemoCertificate(options);
    const second = await ensureDemoCertificate(options);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(Buffer.from(second.p12).equals(Buffer.from(first.p12))).toBe(true);
    const credentials = await loadSigningCredentials(second.p12, 'demo');
    expect(certificateCommonName(credentials.certificate)).toBe('Demo-allekirjoittaja Hämeenlinna');
  });
});
