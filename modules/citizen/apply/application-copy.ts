// The PDF copy of an application sent in the e-service (pdf-lib letter layout, DejaVu fonts, in
// the language the citizen applied in), stored once per case as the case's application document
// created by the citizen, so it is in the archive and the citizen may download it.
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { applicationDrafts } from '@/db/apply-schema';
import { documentVersions, documents } from '@/db/documents-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { renderLetter } from '@/modules/documents/pdf';
import { fill, formatDateTime, isLocale, messages } from '@/modules/i18n';
import { loadLetterContext } from '@/modules/letters/letter-context';
import { stableUuid } from '@/modules/letters/store-signed-letter';
import { DraftData } from './application-form';
import { summarizeDraft } from './summarize-draft';

export function applicationCopyId(caseId: string): string {
  return stableUuid('application-copy', caseId);
}

/** Renders and stores the copy unless it exists; returns the document id. */
export async function storeApplicationCopy(
  db: Database,
  actor: LoadedActor,
  caseId: string,
): Promise<string> {
  const documentId = applicationCopyId(caseId);
  const [existing] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.id, documentId));
  if (existing) return documentId;

  const context = await loadLetterContext(db, caseId);
  const facts = context.caseRow.applicationData;
  const locale = isLocale(facts.language) ? facts.language : context.locale;
  const [draft] = await db
    .select()
    .from(applicationDrafts)
    .where(
      and(eq(applicationDrafts.caseId, caseId), eq(applicationDrafts.clientId, context.client.id)),
    );
  if (!draft) throw new Error(`case ${caseId} was not sent from an e-service draft`);
  const t = messages(locale).apply;
  const sections = summarizeDraft(DraftData.parse(draft.data), t, locale).map((s) => ({
    heading: s.heading,
    paragraphs: [s.lines.map((l) => `${l.label}: ${l.value}`).join('\n')],
  }));
  const date = draft.submittedAt ?? new Date();
  const intro = fill(t.pdf.intro, { date: formatDateTime(date, locale) });
  const bytes = await renderLetter({
    organisation: context.organisation,
    locale,
    title: t.pdf.title,
    documentKind: t.pdf.kind,
    recipient: context.recipient,
    date,
    caseNumber: context.caseRow.caseNumber ?? undefined,
    paragraphs: [intro],
    sections,
  });
  const stored = await configuredObjectStore().put(Readable.from([bytes]), {
    size: bytes.byteLength,
    contentType: 'application/pdf',
  });
  const contentText = [
    t.pdf.title,
    intro,
    ...sections.flatMap((s) => [s.heading, ...s.paragraphs]),
  ].join('\n');
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(documents)
      .values({
        id: documentId,
        clientId: context.client.id,
        caseId,
        type: 'application',
        title: t.pdf.title,
        language: locale,
        sourceChannel: 'eservice',
        createdBy: actor.userId,
        contentText,
      })
      .onConflictDoNothing()
      .returning({ id: documents.id });
    if (!inserted.length) return;
    await tx.insert(documentVersions).values({
      documentId,
      versionNo: 1,
      kind: 'original',
      storageKey: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      mediaType: 'application/pdf',
    });
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'document.create',
      clientId: context.client.id,
      purpose: 'citizen: own application',
      details: { caseId, documentId, type: 'application', operation: 'application_copy' },
    });
  });
  return documentId;
}
