import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFiles, scanLinkProposals, scanPages } from '@/db/scans-schema';
import { auditLog, clients } from '@/db/schema';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { pdf } from '@/modules/documents/test-files';
import { createDocumentsFixture, type DocumentsFixture } from '@/modules/documents/test-fixtures';
import { addScanFile } from './add-scan-file';
import { decideLinkProposal } from './decide-link-proposal';
import { getScanBatch } from './read-scan-batches';

let fx: DocumentsFixture;
beforeAll(async () => {
  fx = await createDocumentsFixture();
});
afterAll(async () => fx?.close());

/** A batch with one file whose pages the queue has finished (stand-in OCR text). */
async function finishedScan(username: string) {
  const actor = await fx.actor(username);
  const { batchId, fileId } = await addScanFile(
    fx.test.db,
    fx.store,
    actor,
    { fileName: 's.pdf' },
    [await pdf()],
  );
  const [file] = await fx.test.db.select().from(scanFiles).where(eq(scanFiles.id, fileId));
  await fx.test.db.update(scanPages).set({ status: 'done' }).where(eq(scanPages.fileId, fileId));
  await fx.test.db
    .update(scanFiles)
    .set({
      status: 'done',
      text: 'Hakemus',
      searchableKey: file!.storageKey,
      searchableSha256: file!.sha256,
      searchableSize: file!.size,
    })
    .where(eq(scanFiles.id, fileId));
  return { actor, batchId, fileId };
}

async function propose(fileId: string, clientId: string) {
  const [client] = await fx.test.db.select().from(clients).where(eq(clients.id, clientId));
  const [row] = await fx.test.db
    .insert(scanLinkProposals)
    .values({ fileId, clientId, identityCode: client!.identityCode })
    .returning();
  return { proposal: row!, code: client!.identityCode };
}

describe('identity-code link proposals', () => {
  it('a client of another unit is shown masked and cannot be linked; a rejection is recorded and audited', async () => {
    const { actor, batchId, fileId } = await finishedScan('ohjaaja');
    const own = await propose(fileId, await fx.clientOf('ohjaaja'));
    const other = await propose(fileId, await fx.clientOf('ohjaaja2'));

    const detail = await getScanBatch(fx.test.db, actor, batchId);
    const byId = new Map(detail.proposals.map((p) => [p.id, p]));
    expect(byId.get(own.proposal.id)).toMatchObject({ identityCode: own.code, mayLink: true });
    expect(byId.get(own.proposal.id)!.clientName).toBeTruthy();
    expect(byId.get(other.proposal.id)).toEqual(
      expect.objectContaining({
        identityCode: maskIdentityCode(other.code),
        clientId: null,
        clientName: null,
        mayLink: false,
      }),
    );
    const [read] = await fx.test.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'scan.read'))
      .orderBy(auditLog.seq);
    expect(read?.details).toMatchObject({ batchId, clientIds: [own.proposal.clientId] });

    await expect(
      decideLinkProposal(fx.test.db, fx.store, actor, other.proposal.id, { decision: 'confirm' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const denied = await fx.test.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'access.denied'), eq(auditLog.clientId, other.proposal.clientId)),
      );
    expect(denied.length).toBeGreaterThan(0);

    await decideLinkProposal(fx.test.db, fx.store, actor, own.proposal.id, { decision: 'reject' });
    const [rejected] = await fx.test.db
      .select()
      .from(scanLinkProposals)
      .where(eq(scanLinkProposals.id, own.proposal.id));
    expect(rejected).toMatchObject({
      status: 'rejected',
      decidedBy: actor.userId,
      documentId: null,
    });
    const audit = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'scan.reject'), eq(auditLog.clientId, own.proposal.clientId)));
    expect(audit).toHaveLength(1);
  });

  it('a scan still being recognised cannot be linked', async () => {
    const actor = await fx.actor('ohjaaja');
    const { fileId } = await addScanFile(fx.test.db, fx.store, actor, { fileName: 'q.pdf' }, [
      await pdf(),
    ]);
    const { proposal } = await propose(fileId, await fx.clientOf('ohjaaja'));
    await expect(
      decideLinkProposal(fx.test.db, fx.store, actor, proposal.id, { decision: 'confirm' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const [unchanged] = await fx.test.db
      .select()
      .from(scanLinkProposals)
      .where(and(eq(scanLinkProposals.id, proposal.id), ne(scanLinkProposals.status, 'proposed')));
    expect(unchanged).toBeUndefined();
  });
});
