// Jobs that make and deliver letters: the request for additional information
// (`information-request.create-letter`, `letter.deliver`) and the delivery steps of the
// notification path (`notification.send-electronic`, `notification.add-to-print-batch`).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { defineJobHandler } from '@/engine';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { configuredSigningCredentials } from '@/modules/decisions/create-decision-document';
import { deliverLetter, type DeliveryChannel } from '@/modules/delivery';
import type { SigningCredentials } from '@/modules/documents/pdf';
import {
  createInformationRequestLetter,
  InformationRequestInput,
  MISSING_ITEMS,
} from '@/modules/letters/create-information-request-letter';

export interface LetterJobOptions {
  now?: () => Date;
  signing?: () => Promise<SigningCredentials>;
}

/** The display name of a user id held in a process variable, if it is one. */
export async function userName(db: Database, id: unknown): Promise<string | undefined> {
  if (typeof id !== 'string' || !z.uuid().safeParse(id).success) return undefined;
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return row?.name;
}

export function createInformationRequestLetterHandler(
  db: Database,
  options: LetterJobOptions = {},
) {
  const now = options.now ?? (() => new Date());
  const signing = options.signing ?? configuredSigningCredentials;
  return defineJobHandler({
    type: 'information-request.create-letter',
    input: z.object({
      caseId: z.uuid(),
      missingItems: z.array(z.enum(MISSING_ITEMS)).min(1),
      missingItemsText: z.string().max(2000).nullish(),
      replyDays: z.number().int().min(1).max(60).default(7),
      requestedBy: z.string().nullish(),
    }),
    output: z.object({
      letterDocumentId: z.string(),
      replyDueOn: z.string(),
      replyWindowEndsAt: z.string(),
    }),
    fetchVariables: ['caseId', 'missingItems', 'missingItemsText', 'replyDays', 'requestedBy'],
    async handler(job) {
      const date = now();
      const input = InformationRequestInput.safeParse({
        caseId: job.variables.caseId,
        requestKey: `${job.processInstanceKey}:${job.elementId}`,
        missingItems: job.variables.missingItems,
        missingItemsText: job.variables.missingItemsText,
        replyDays: job.variables.replyDays,
        sentOn: helsinkiToday(date),
        signatoryName: await userName(db, job.variables.requestedBy),
      });
      if (!input.success) {
        return job.fail({
          errorMessage: `request incomplete: ${input.error.issues.map((i) => i.message).join('; ')}`,
          retries: 0,
        });
      }
      const result = await createInformationRequestLetter(db, input.data, await signing(), date);
      return job.complete({
        letterDocumentId: result.documentId,
        replyDueOn: result.replyDueOn,
        replyWindowEndsAt: result.replyWindowEndsAt,
      });
    },
  });
}

/** `letter.deliver`: the request letter by the client's consent, like a decision. */
export function deliverLetterHandler(db: Database, options: LetterJobOptions = {}) {
  const now = options.now ?? (() => new Date());
  return defineJobHandler({
    type: 'letter.deliver',
    input: z.object({ letterDocumentId: z.uuid() }),
    output: z.object({
      letterDeliveryChannel: z.enum(['electronic', 'post']),
      letterSentOn: z.string(),
      letterDeemedNotifiedOn: z.string(),
    }),
    fetchVariables: ['letterDocumentId'],
    async handler(job) {
      const result = await deliverLetter(db, {
        documentId: job.variables.letterDocumentId,
        now: now(),
      });
      return job.complete({
        letterDeliveryChannel: result.channel,
        letterSentOn: result.sentOn,
        letterDeemedNotifiedOn: result.deemedNotifiedOn,
      });
    },
  });
}

/**
 * The delivery steps of the notification path: the channel was chosen by
 * `notification.choose-channel`; `sentOn` feeds `notification.record`, which computes the
 * deemed notification date with the same calendar rule as the delivery row.
 */
function notificationDeliveryHandler(
  db: Database,
  type: string,
  channel: DeliveryChannel,
  options: LetterJobOptions,
) {
  const now = options.now ?? (() => new Date());
  return defineJobHandler({
    type,
    input: z.object({ documentRef: z.uuid() }),
    output: z.object({ sentOn: z.string(), deliveryId: z.string() }),
    fetchVariables: ['documentRef'],
    async handler(job) {
      const result = await deliverLetter(db, {
        documentId: job.variables.documentRef,
        channel,
        now: now(),
      });
      return job.complete({ sentOn: result.sentOn, deliveryId: result.deliveryId });
    },
  });
}

export function sendElectronicHandler(db: Database, options: LetterJobOptions = {}) {
  return notificationDeliveryHandler(db, 'notification.send-electronic', 'electronic', options);
}

export function addToPrintBatchHandler(db: Database, options: LetterJobOptions = {}) {
  return notificationDeliveryHandler(db, 'notification.add-to-print-batch', 'post', options);
}
