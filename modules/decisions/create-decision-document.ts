// The signed decision document (job `decision.create-document`): generated in the client's
// language with the calculation line by line, the reasons, the legal basis and the appeal
// instructions; signed with the organisation's certificate; stored as a document of the case.
// Idempotent per job: the document id is derived from the process instance, so a repeated job
// finds the document it already made.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents, documentVersions } from '@/db/documents-schema';
import { cases, clients, households, organisations, units } from '@/db/schema';
import { decisionDrafts } from '@/db/task-forms-schema';
import type { CalculationResult } from '@/modules/calculation/calculate-support';
import { appendAudit } from '@/modules/audit';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import {
  loadSigningCredentials,
  renderLetter,
  signPdf,
  type LetterInput,
  type LetterSection,
  type SigningCredentials,
} from '@/modules/documents/pdf';
import { formatMoney } from '@/modules/i18n';
import { DECISION_TEXTS, type DecisionOutcome } from './decision-texts';
import {
  DEFAULT_LEGAL_BASIS,
  LEGAL_BASIS_TEMPLATES,
  LEGAL_BASIS_TEXTS,
  type LegalBasisTemplate,
} from './legal-basis-templates';

export interface DecisionDocumentInput {
  caseId: string;
  /** Makes the document id stable across repeated jobs of one decision. */
  idempotencyKey: string;
  outcome: DecisionOutcome;
  reasons: string;
  calculation: CalculationResult | null;
  decidedBy: string;
  date?: Date;
  /** The chosen template; when absent, the case's latest draft's (else the default). */
  legalBasisTemplate?: LegalBasisTemplate;
}

function stableUuid(key: string): string {
  const h = createHash('sha256').update(`decision-document:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

let credentials: Promise<SigningCredentials> | undefined;
export function configuredSigningCredentials(): Promise<SigningCredentials> {
  const file = process.env.SIGNING_P12_FILE;
  const password = process.env.SIGNING_P12_PASSWORD ?? '';
  if (!file) throw new Error('SIGNING_P12_FILE is not set (npm start creates a demo certificate)');
  credentials ??= readFile(file).then((bytes) =>
    loadSigningCredentials(new Uint8Array(bytes), password),
  );
  return credentials;
}

/** The decision as a letter, in the client's language (shared by the document and its preview). */
async function decisionLetter(
  db: Database,
  input: Omit<DecisionDocumentInput, 'idempotencyKey'>,
  preview: boolean,
) {
  const [row] = await db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!row) throw new Error(`case ${input.caseId} does not exist`);
  const [client] = await db.select().from(clients).where(eq(clients.id, row.clientId));
  const [household] = client?.householdId
    ? await db.select().from(households).where(eq(households.id, client.householdId))
    : [];
  const [organisation] = await db
    .select()
    .from(organisations)
    .where(eq(organisations.id, row.organisationId));
  const [unit] = row.unitId ? await db.select().from(units).where(eq(units.id, row.unitId)) : [];
  if (!client || !organisation)
    throw new Error(`case ${input.caseId} has no client or organisation`);

  // The template the proposer chose; the decision job does not carry it, the draft does.
  let template = input.legalBasisTemplate;
  if (!template) {
    const [draft] = await db
      .select({ legalBasisTemplate: decisionDrafts.legalBasisTemplate })
      .from(decisionDrafts)
      .where(eq(decisionDrafts.caseId, row.id))
      .orderBy(desc(decisionDrafts.createdAt))
      .limit(1);
    const known = (LEGAL_BASIS_TEMPLATES as readonly string[]).includes(
      draft?.legalBasisTemplate ?? '',
    );
    template = known ? (draft!.legalBasisTemplate as LegalBasisTemplate) : DEFAULT_LEGAL_BASIS;
  }

  const locale = client.preferredLocale;
  const texts = DECISION_TEXTS[locale];
  const paragraphs = [texts.outcome[input.outcome]];
  if (input.outcome !== 'rejected' && input.calculation)
    paragraphs.push(texts.amount(input.calculation.supportCents));
  const sections: LetterSection[] = [];
  if (input.calculation) {
    sections.push({
      heading: texts.calculationHeading,
      paragraphs: input.calculation.lines.map(
        (line) =>
          `${texts.lineLabels[line.kind] ?? line.kind} (${line.code}): ${formatMoney(line.amountCents, locale)}`,
      ),
    });
  }
  sections.push({ heading: texts.reasonsHeading, paragraphs: [input.reasons] });
  sections.push({
    heading: texts.legalBasisHeading,
    paragraphs: [LEGAL_BASIS_TEXTS[template][locale].text],
  });

  const date = input.date ?? new Date();
  const letter: LetterInput = {
    organisation: {
      name: organisation.name[locale],
      unit: unit?.name[locale],
      addressLines: [],
    },
    locale,
    title: texts.title,
    recipient: {
      name: `${client.firstNames} ${client.lastName}`,
      addressLines: household
        ? [household.streetAddress, `${household.postalCode} ${household.municipality}`]
        : [],
    },
    date,
    caseNumber: row.caseNumber ?? undefined,
    paragraphs,
    sections,
    appendices: [{ heading: texts.appealHeading, paragraphs: texts.appeal('').filter(Boolean) }],
    signatory: { name: input.decidedBy },
    documentKind: preview ? texts.draftMarker : texts.kind,
  };
  return { row, client, organisation, locale, texts, paragraphs, sections, date, letter };
}

/** The decision as it would be made from this proposal: unsigned, not stored, marked a draft. */
export async function renderDecisionPreview(
  db: Database,
  input: Omit<DecisionDocumentInput, 'idempotencyKey'>,
): Promise<Uint8Array> {
  const { letter } = await decisionLetter(db, input, true);
  return renderLetter(letter);
}

export async function createDecisionDocument(
  db: Database,
  input: DecisionDocumentInput,
  signing: SigningCredentials,
): Promise<{ documentId: string; created: boolean }> {
  const documentId = stableUuid(input.idempotencyKey);
  const [existing] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.id, documentId));
  if (existing) return { documentId, created: false };

  const { row, client, organisation, locale, texts, paragraphs, sections, date, letter } =
    await decisionLetter(db, input, false);
  const bytes = await renderLetter(letter);
  const signed = await signPdf(bytes, signing, {
    reason: texts.title,
    location: organisation.name[locale],
    signingTime: date,
  });
  const stored = await configuredObjectStore().put(Readable.from([signed]), {
    size: signed.byteLength,
    contentType: 'application/pdf',
  });

  await db.transaction(async (tx) => {
    await tx.insert(documents).values({
      id: documentId,
      clientId: client.id,
      caseId: row.id,
      type: 'decision',
      title: `${texts.title}${row.caseNumber ? ` ${row.caseNumber}` : ''}`,
      language: locale,
      sourceChannel: 'generated',
      signatureStatus: 'signed',
      contentText: [
        texts.title,
        ...paragraphs,
        ...sections.flatMap((s) => [s.heading, ...s.paragraphs]),
      ].join('\n'),
    });
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
      actorName: 'system: decision.create-document',
      action: 'document.create',
      clientId: client.id,
      purpose: 'decision document generated and signed',
      details: { caseId: row.id, documentId, outcome: input.outcome },
    });
    await tx.update(cases).set({ status: 'decided' }).where(eq(cases.id, row.id));
  });
  return { documentId, created: true };
}
