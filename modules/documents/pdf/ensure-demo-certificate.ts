// First start without an organisation certificate: create a self-signed demo P12 once.
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDemoP12, type DemoCertificateSubject } from './pkcs12';

export interface DemoCertificateOptions {
  /** Where the P12 lives, e.g. `data/signing/demo.p12`. */
  file: string;
  password: string;
  subject: DemoCertificateSubject;
}

/** Returns the existing P12 at `file`, or creates one; an existing file is never replaced. */
export async function ensureDemoCertificate(
  options: DemoCertificateOptions,
): Promise<{ p12: Uint8Array; created: boolean }> {
  try {
    return { p12: new Uint8Array(await readFile(options.file)), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(options.file), { recursive: true });
  const p12 = await createDemoP12(options.subject, options.password);
  const temp = `${options.file}.${process.pid}.tmp`;
  await writeFile(temp, p12, { mode: 0o600, flush: true });
  try {
    // link() fails if another process created the file meanwhile; theirs wins.
    await link(temp, options.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { p12: new Uint8Array(await readFile(options.file)), created: false };
  } finally {
    await rm(temp, { force: true });
  }
  return { p12, created: true };
}
