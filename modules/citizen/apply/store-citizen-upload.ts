// A file the citizen uploads in the e-service: always a document of their own client (never a
// client named in the request), through the document store's own type and size rules. It has
// no case until the form that carries it is sent (submitting the application, sending a reply
// or a request for reconsideration attaches it: modules/citizen/own-uploads.ts); for a reply
// or a request for reconsideration the named case must be one of the citizen's own and still
// accept documents, checked before any byte is stored.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { cases } from '@/db/schema';
import { assertCaseAcceptsDocuments } from '@/modules/documents/archived-records';
import type { Database } from '@/db/client';
import type { LoadedActor } from '@/modules/access/load-actor';
import { ownClientId } from '@/modules/citizen/own-cases';
import type { SniffLimits } from '@/modules/documents/sniff';
import {
  storeUploadedDocument,
  type StoredDocument,
} from '@/modules/documents/store-uploaded-document';
import { AppError } from '@/modules/errors';
import type { Locale } from '@/modules/i18n/locales';
import type { ObjectSource, ObjectStore } from '../../../storage/port';

export const UPLOAD_PURPOSES = ['application', 'information_reply', 'reconsideration'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

const CitizenUpload = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('application'), title: z.string().trim().min(1).max(300) }),
  z.object({
    purpose: z.enum(['information_reply', 'reconsideration']),
    caseId: z.uuid(),
    title: z.string().trim().min(1).max(300),
  }),
]);
export type CitizenUpload = z.input<typeof CitizenUpload>;

export async function storeCitizenUpload(
  db: Database,
  store: ObjectStore,
  actor: LoadedActor,
  raw: unknown,
  locale: Locale,
  source: ObjectSource,
  options: { limits?: SniffLimits } = {},
): Promise<StoredDocument> {
  const clientId = ownClientId(actor);
  const parsed = CitizenUpload.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.message);
  const input = parsed.data;
  if (input.purpose !== 'application') {
    const [own] = await db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.id, input.caseId), eq(cases.clientId, clientId)));
    if (!own) throw new AppError('not_found', 'no such case of yours');
    await assertCaseAcceptsDocuments(db, own.id);
  }
  return storeUploadedDocument(
    db,
    store,
    actor,
    {
      clientId,
      type: input.purpose === 'reconsideration' ? 'appeal' : 'attachment',
      title: input.title,
      language: locale,
      sourceChannel: 'eservice',
    },
    source,
    options,
  );
}
