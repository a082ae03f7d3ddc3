import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentLegalHolds } from '@/db/archive-schema';
import { documents } from '@/db/documents-schema';
import { auditLog } from '@/db/schema';
import { storeUploadedDocument } from '@/modules/documents/store-uploaded-document';
import {
  createDocumentsFixture,
  textPdf,
  type DocumentsFixture,
} from '@/modules/documents/test-fixtures';
import { loadArchivedDocument } from './load-archived-document';
import { setLegalHold } from './set-legal-hold';

let fx: DocumentsFixture;
let documentId: string;
beforeAll(async () => {
  fx = await createDocumentsFixture();
  const { document } = await storeUploadedDocument(
    fx.test.db,
    fx.store,
    await fx.actor('ohjaaja'),
    { clientId: await fx.clientOf('ohjaaja'), type: 'decision', title: 'Päätös', language: 'fi' },
    [await textPdf(['Päätös'])],
  );
  documentId = document.id;
});
afterAll(async () => fx?.close());

const holdOf = async () =>
  (await fx.test.db.select().from(documents).where(eq(documents.id, documentId)))[0]!.legalHold;

describe('legal hold', () => {
  it('an archivist sets and lifts a hold with a reason; both are audited and kept as history', async () => {
    const archivist = await fx.actor('arkisto');
    expect(
      await setLegalHold(fx.test.db, archivist, {
        documentId,
        hold: true,
        reason: 'Valitus hallinto-oikeudessa',
      }),
    ).toEqual({ ok: true });
    expect(await holdOf()).toBe(true);
    expect(
      await setLegalHold(fx.test.db, archivist, {
        documentId,
        hold: false,
        reason: 'Valitus ratkaistu',
      }),
    ).toEqual({ ok: true });
    expect(await holdOf()).toBe(false);

    const audits = await fx.test.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'document.legal_hold'), eq(auditLog.actorUserId, archivist.userId)),
      )
      .orderBy(auditLog.seq);
    expect(audits.map((a) => [a.purpose, (a.details as { hold: boolean }).hold])).toEqual([
      ['Valitus hallinto-oikeudessa', true],
      ['Valitus ratkaistu', false],
    ]);
    expect(audits[0]?.clientId).toBe(await fx.clientOf('ohjaaja'));

    const view = await loadArchivedDocument(fx.test.db, archivist, documentId, 'arkistotarkastus');
    expect(view.legalHoldHistory.map((h) => [h.hold, h.reason, h.actorName])).toEqual([
      [false, 'Valitus ratkaistu', archivist.displayName],
      [true, 'Valitus hallinto-oikeudessa', archivist.displayName],
    ]);
    expect(view.versions[0]).toMatchObject({ versionNo: 1, kind: 'original' });
    expect(view.retentionState).toBe('active');
  });

  it('a missing reason or a hold already in that state changes nothing', async () => {
    const archivist = await fx.actor('arkisto');
    const before = (await fx.test.db.select().from(documentLegalHolds)).length;
    expect(
      await setLegalHold(fx.test.db, archivist, { documentId, hold: true, reason: '  ' }),
    ).toEqual({ ok: false, error: 'reason_required' });
    expect(
      await setLegalHold(fx.test.db, archivist, { documentId, hold: false, reason: 'Ei pitoa' }),
    ).toEqual({ ok: false, error: 'unchanged' });
    expect(await holdOf()).toBe(false);
    expect((await fx.test.db.select().from(documentLegalHolds)).length).toBe(before);
  });

  it('caseworkers, decision makers and admins may not change a hold; the refusal is audited', async () => {
    for (const username of ['ohjaaja', 'paattaja', 'admin']) {
      const actor = await fx.actor(username);
      await expect(
        setLegalHold(fx.test.db, actor, { documentId, hold: true, reason: 'Oma päätös pitää' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      const [denied] = await fx.test.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.actorUserId, actor.userId)));
      expect(denied?.details).toMatchObject({ resource: 'legal_hold', documentId });
    }
    expect(await holdOf()).toBe(false);
  });

  it('the detail view needs an archival purpose and is audited', async () => {
    const archivist = await fx.actor('arkisto');
    await expect(
      loadArchivedDocument(fx.test.db, archivist, documentId, null),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await loadArchivedDocument(fx.test.db, archivist, documentId, 'tietopyyntö 7/2030');
    const [read] = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.read'), eq(auditLog.purpose, 'tietopyyntö 7/2030')));
    expect(read?.details).toMatchObject({ operation: 'metadata', documentId, basis: 'archival' });
  });
});
