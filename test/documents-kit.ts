// Signing credentials and a private object-store directory for tests that generate documents.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { documentVersions } from '@/db/documents-schema';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import {
  createDemoP12,
  loadSigningCredentials,
  type SigningCredentials,
} from '@/modules/documents/pdf';
import type { TestDatabase } from './db';

/** Points STORAGE_DIR at a fresh directory and makes a demo certificate with ä in its names. */
export async function setupDocuments(prefix: string): Promise<SigningCredentials> {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), `sos-${prefix}-`));
  const p12 = await createDemoP12(
    { commonName: 'Päätösten allekirjoitus (testi)', organization: 'Demokaupunki' },
    'salasana',
  );
  return loadSigningCredentials(p12, 'salasana');
}

/** The bytes of a document's original version, read back from the object store. */
export async function originalBytes(t: TestDatabase, documentId: string): Promise<Uint8Array> {
  const [version] = await t.db
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.kind, 'original')));
  if (!version) throw new Error(`document ${documentId} has no original version`);
  return new Uint8Array(await buffer(await configuredObjectStore().get(version.storageKey)));
}
