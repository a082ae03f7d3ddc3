// Archived records are read-only. A closed case takes no new uploads, and a document whose
// retention archiving has set (its case closed) takes no new version and keeps its title and
// type. The database refuses the same with SQLSTATE SA001 (migration 0010), so code that
// forgets to ask here still cannot change an archived record.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { cases } from '@/db/schema';
import { AppError } from '@/modules/errors';
import { messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';

export type ReadOnlyReason = 'caseClosed' | 'documentArchived';

/** A refused change of an archived record; `readOnlyMessage` words it for the user. */
export class ReadOnlyRecordError extends AppError {
  override name = 'ReadOnlyRecordError';
  constructor(
    readonly reason: ReadOnlyReason,
    message: string,
  ) {
    super('invalid_input', message);
  }
}

/** The refusal in the user's language. */
export function readOnlyMessage(reason: ReadOnlyReason, locale: Locale): string {
  return messages(locale).appeals.readOnly[reason];
}

/** True for the database's refusal (trigger with SQLSTATE SA001), also when wrapped by drizzle. */
export function isArchivedRecordRefusal(error: unknown): boolean {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 'SA001') return true;
  }
  return false;
}

function isClosed(row: { status: string; closedAt: Date | null }): boolean {
  return row.status === 'closed' || row.closedAt !== null;
}

/** Refuses new documents (uploads) for a closed case. */
export async function assertCaseAcceptsDocuments(db: Database, caseId: string): Promise<void> {
  const [row] = await db
    .select({ status: cases.status, closedAt: cases.closedAt })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (row && isClosed(row))
    throw new ReadOnlyRecordError('caseClosed', 'the case is closed: no documents can be added');
}

/** Refuses a new version or a metadata change of an archived document. */
export async function assertDocumentWritable(db: Database, documentId: string): Promise<void> {
  const [row] = await db
    .select({ status: cases.status, closedAt: cases.closedAt })
    .from(documents)
    .innerJoin(cases, eq(cases.id, documents.caseId))
    .where(and(eq(documents.id, documentId), isNotNull(documents.retentionClass)));
  if (row && isClosed(row))
    throw new ReadOnlyRecordError('documentArchived', 'the document is archived and read-only');
}
