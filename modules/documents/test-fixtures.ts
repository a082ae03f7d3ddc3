// Shared set-up for the documents and archive tests: a seeded database, a temp object store,
// demo actors and a client of each unit.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { seedDemoData } from '@/db/seed';
import { clients, unitMemberships, users } from '@/db/schema';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { createFsObjectStore } from '../../storage/fs';
import type { ObjectStore } from '../../storage/port';

export interface DocumentsFixture {
  test: TestDatabase;
  store: ObjectStore;
  storeDirectory: string;
  actor(username: string): Promise<LoadedActor>;
  /** A client handled by the (first) unit of this user. */
  clientOf(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function createDocumentsFixture(): Promise<DocumentsFixture> {
  const test = await createTestDatabase();
  await seedDemoData(test.db);
  const storeDirectory = await mkdtemp(path.join(tmpdir(), 'sos-documents-'));
  const store = createFsObjectStore({ directory: storeDirectory });
  const idOf = async (username: string) => {
    const [user] = await test.db.select().from(users).where(eq(users.username, username));
    return user!.id;
  };
  return {
    test,
    store,
    storeDirectory,
    async actor(username) {
      return (await loadActor(test.db, await idOf(username)))!;
    },
    async clientOf(username) {
      const [row] = await test.db
        .select({ id: clients.id })
        .from(clients)
        .innerJoin(unitMemberships, eq(unitMemberships.unitId, clients.responsibleUnitId))
        .where(eq(unitMemberships.userId, await idOf(username)))
        .orderBy(clients.lastName, clients.id)
        .limit(1);
      return row!.id;
    },
    async close() {
      await test.close();
      await rm(storeDirectory, { recursive: true, force: true });
    },
  };
}

/** A one-page PDF with a real text layer (Helvetica covers ä and ö, WinAnsi). */
export async function textPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
