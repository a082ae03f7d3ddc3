// The citizen sets, changes or removes the e-mail address notices go to (clients.email).
// Audited without the address itself: the audit says that it changed, the register says what.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { clients } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { ownClientId } from './own-client';

export const EMAIL_MAX_LENGTH = 254;

const EmailInput = z.object({
  email: z
    .string()
    .trim()
    .max(EMAIL_MAX_LENGTH)
    .transform((v) => v.toLowerCase())
    .pipe(z.union([z.literal(''), z.email()])),
});

/** Returns the stored address, or null when it was removed (an empty field). */
export async function setNoticeEmail(
  db: Database,
  actor: LoadedActor,
  input: unknown,
): Promise<string | null> {
  const clientId = ownClientId(actor);
  const parsed = EmailInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', 'not a valid e-mail address');
  const email = parsed.data.email || null;
  await db.transaction(async (tx) => {
    await tx.update(clients).set({ email }).where(eq(clients.id, clientId));
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'client.update',
      clientId,
      purpose: 'citizen: e-mail address for notices',
      details: { field: 'email', cleared: email === null },
    });
  });
  return email;
}
