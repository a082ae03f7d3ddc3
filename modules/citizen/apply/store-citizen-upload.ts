// A file the citizen uploads in the e-service: always a document of their own client (never a
// client named in the request), through the document store's own type and size rules. For the
// application it has no case yet (submitting attaches it); for a reply or a request for
// reconsideration it belongs to one of the citizen's own cases.
import { z } from 'zod';
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
  return storeUploadedDocument(
    db,
    store,
    actor,
    {
      clientId,
      caseId: input.purpose === 'application' ? undefined : input.caseId,
      type: input.purpose === 'reconsideration' ? 'appeal' : 'attachment',
      title: input.title,
      language: locale,
      sourceChannel: 'eservice',
    },
    source,
    options,
  );
}
