// Client case notes (asiakaskertomus) and the contact log, written by staff who may handle the
// case. Entries are never edited: a correction is a new note naming the one it corrects.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { CONTACT_CHANNELS, caseNotes, clientContacts } from '@/db/casework-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { caseForActor, type CaseNote, type ClientContact } from './open-case';

export const NOTE_MAX_LENGTH = 4000;
export const CONTACT_SUMMARY_MAX_LENGTH = 2000;

export const noteInput = z.object({
  text: z.string().trim().min(1).max(NOTE_MAX_LENGTH),
  correctsId: z.uuid().optional(),
});

export const contactInput = z.object({
  channel: z.enum(CONTACT_CHANNELS),
  direction: z.enum(['incoming', 'outgoing']),
  summary: z.string().trim().min(1).max(CONTACT_SUMMARY_MAX_LENGTH),
  contactAt: z.coerce.date(),
});

function invalid(what: string): never {
  throw new AppError('invalid_input', what);
}

export async function addCaseNote(
  db: Database,
  actor: LoadedActor,
  caseId: string,
  input: unknown,
): Promise<CaseNote> {
  const parsed = noteInput.safeParse(input);
  if (!parsed.success) invalid('note text is required (at most 4000 characters)');
  const { row, client } = await caseForActor(db, actor, caseId, 'case note');
  if (parsed.data.correctsId) {
    const [original] = await db
      .select({ id: caseNotes.id })
      .from(caseNotes)
      .where(and(eq(caseNotes.id, parsed.data.correctsId), eq(caseNotes.clientId, client.id)));
    if (!original) invalid('the corrected note is not this client’s');
  }
  return db.transaction(async (tx) => {
    const [note] = await tx
      .insert(caseNotes)
      .values({
        clientId: client.id,
        caseId: row.id,
        text: parsed.data.text,
        correctsId: parsed.data.correctsId ?? null,
        authorId: actor.userId,
        authorName: actor.displayName,
      })
      .returning();
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'case.note.create',
      clientId: client.id,
      purpose: `case:${row.id}`,
      details: { caseId: row.id, noteId: note!.id, correctsId: note!.correctsId },
    });
    return note!;
  });
}

/** Contacts may be recorded afterwards, but not in the future (five minutes' leeway). */
const FUTURE_LEEWAY_MS = 5 * 60_000;

export async function recordContact(
  db: Database,
  actor: LoadedActor,
  caseId: string,
  input: unknown,
  now: Date = new Date(),
): Promise<ClientContact> {
  const parsed = contactInput.safeParse(input);
  if (!parsed.success || Number.isNaN(parsed.data.contactAt.getTime()))
    invalid('channel, direction, summary and time of the contact are required');
  if (parsed.data.contactAt.getTime() > now.getTime() + FUTURE_LEEWAY_MS)
    invalid('the contact time is in the future');
  const { row, client } = await caseForActor(db, actor, caseId, 'contact log');
  return db.transaction(async (tx) => {
    const [contact] = await tx
      .insert(clientContacts)
      .values({
        clientId: client.id,
        caseId: row.id,
        channel: parsed.data.channel,
        direction: parsed.data.direction,
        summary: parsed.data.summary,
        contactAt: parsed.data.contactAt,
        recordedBy: actor.userId,
        recordedByName: actor.displayName,
      })
      .returning();
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'case.contact.create',
      clientId: client.id,
      purpose: `case:${row.id}`,
      details: { caseId: row.id, contactId: contact!.id, channel: contact!.channel },
    });
    return contact!;
  });
}
