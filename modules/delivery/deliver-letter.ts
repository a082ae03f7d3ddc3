// Delivery of a generated letter or decision to its client, once per document: electronically
// into the client's e-service inbox (plus an e-mail notice that names no content), or by post
// into the open print batch. The deemed notification date comes from modules/calendar.
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import {
  deliveries,
  notificationOutbox,
  printBatchItems,
  printBatches,
  type DELIVERY_CHANNELS,
} from '@/db/paths-schema';
import { cases, clients } from '@/db/schema';
import { appendAudit } from '@/modules/audit';
import { deemedNotificationDate } from '@/modules/calendar/deadlines';
import type { IsoDate } from '@/modules/calendar/finnish-calendar';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { messages } from '@/modules/i18n';
import { deliveryChannelForClient } from './delivery-channel-for-client';

export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DeliveryResult {
  deliveryId: string;
  channel: DeliveryChannel;
  sentOn: IsoDate;
  deemedNotifiedOn: IsoDate;
  printBatchId: string | null;
  /** False when the document had already been delivered (a repeated job). */
  created: boolean;
}

/** The open print batch, locked; a new one when none is open (at most one is, by index). */
async function lockOpenBatch(tx: Tx): Promise<string> {
  for (;;) {
    const [open] = await tx
      .select({ id: printBatches.id })
      .from(printBatches)
      .where(eq(printBatches.status, 'open'))
      .for('update');
    if (open) return open.id;
    await tx.insert(printBatches).values({ status: 'open' }).onConflictDoNothing();
  }
}

export async function deliverLetter(
  db: Database,
  input: { documentId: string; channel?: DeliveryChannel; now?: Date },
): Promise<DeliveryResult> {
  const now = input.now ?? new Date();
  const [document] = await db
    .select({ id: documents.id, clientId: documents.clientId, caseId: documents.caseId })
    .from(documents)
    .where(eq(documents.id, input.documentId));
  if (!document) throw new Error(`document ${input.documentId} does not exist`);
  const [client] = await db.select().from(clients).where(eq(clients.id, document.clientId));
  if (!client) throw new Error(`client of document ${document.id} does not exist`);
  const [caseRow] = document.caseId
    ? await db.select().from(cases).where(eq(cases.id, document.caseId))
    : [];
  const channel =
    input.channel ??
    (await deliveryChannelForClient(db, client.id, caseRow?.applicationData ?? {}));

  return db.transaction(async (tx) => {
    const [previous] = await tx
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.documentId, document.id), eq(deliveries.clientId, client.id)));
    if (previous) {
      const [item] = await tx
        .select({ batchId: printBatchItems.batchId })
        .from(printBatchItems)
        .where(eq(printBatchItems.deliveryId, previous.id));
      return {
        deliveryId: previous.id,
        channel: previous.channel,
        sentOn: previous.sentOn as IsoDate,
        deemedNotifiedOn: previous.deemedNotifiedOn as IsoDate,
        printBatchId: item?.batchId ?? null,
        created: false,
      };
    }
    const batchId = channel === 'post' ? await lockOpenBatch(tx) : null;
    const sentOn = helsinkiToday(now);
    const deemedNotifiedOn = deemedNotificationDate(sentOn, channel);
    const [delivery] = await tx
      .insert(deliveries)
      .values({
        clientId: client.id,
        documentId: document.id,
        caseId: document.caseId,
        channel,
        sentAt: now,
        sentOn,
        deemedNotifiedOn,
      })
      .returning({ id: deliveries.id });
    if (batchId) {
      await tx
        .insert(printBatchItems)
        .values({ batchId, deliveryId: delivery!.id, documentId: document.id, addedAt: now });
    } else {
      // The notice says only that something new waits: no title, no content, no case.
      const notice = messages(client.preferredLocale).letters.notice;
      await tx.insert(notificationOutbox).values({
        deliveryId: delivery!.id,
        clientId: client.id,
        toAddress: client.email,
        locale: client.preferredLocale,
        subject: notice.subject,
        body: notice.body,
        status: client.email ? 'pending' : 'no_address',
      });
    }
    await appendAudit(tx, {
      actorName: 'system: letter delivery',
      action: 'document.deliver',
      clientId: client.id,
      purpose: `delivery by ${channel}`,
      details: { documentId: document.id, caseId: document.caseId, channel, batchId, sentOn },
    });
    return {
      deliveryId: delivery!.id,
      channel,
      sentOn,
      deemedNotifiedOn,
      printBatchId: batchId,
      created: true,
    };
  });
}
