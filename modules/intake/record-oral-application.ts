// An oral application (by phone or at the office): the caseworker identifies the client by
// identity code, records what was applied for and the client's own account; the application
// starts exactly as from the e-service (submitApplication) and the conversation is logged as a
// contact of the new case.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { clients } from '@/db/schema';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { decideClientAccess } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { recordContact } from '@/modules/cases/casework';
import { submitApplication, type SubmittedApplication } from '@/modules/cases/submit-application';
import { AppError } from '@/modules/errors';
import type { FieldError, Submitted } from '@/modules/task-forms/read-form-submission';
import { readIdentityCode, readIntakeApplication, refuseIfAny } from './intake-application-input';

export async function recordOralApplication(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  submitted: Submitted,
  now: Date = new Date(),
): Promise<SubmittedApplication> {
  if (!actor.roles.includes('caseworker') && !actor.roles.includes('team_lead'))
    throw new AppError('forbidden', 'only caseworkers register applications');
  const problems: FieldError[] = [];
  const identityCode = readIdentityCode(submitted, problems);
  const channel = z.enum(['phone', 'visit']).safeParse([submitted.contactChannel].flat()[0]);
  if (!channel.success) problems.push({ key: 'contactChannel', code: 'required' });
  const account = String([submitted.oralAccount ?? ''].flat()[0])
    .replace(/\r\n/g, '\n')
    .trim();
  if (!account) problems.push({ key: 'oralAccount', code: 'required' });
  else if (account.length > 4000)
    problems.push({ key: 'oralAccount', code: 'maxLength', limit: 4000 });
  const application = readIntakeApplication(submitted, problems);
  refuseIfAny(problems);

  const [client] = await db.select().from(clients).where(eq(clients.identityCode, identityCode));
  if (!client) refuseIfAny([{ key: 'identityCode', code: 'unknown_client' }]);
  const access = decideClientAccess(actor, client!);
  if (!access.allowed) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      clientId: client!.id,
      purpose: 'intake: oral application',
      details: { resource: 'client', reason: access.reason },
    });
    throw new AppError('forbidden', 'the client is not handled by your units');
  }

  const result = await submitApplication(db, engine, actor, {
    clientId: client!.id,
    channel: 'oral',
    supportType: application.supportType,
    urgent: application.urgent,
    receivedOn: application.receivedOn,
    applicationData: {
      housingCostsCents: application.housingCostsCents,
      netIncomeCents: application.netIncomeCents,
      ...(application.iban ? { iban: application.iban } : {}),
      electronicDeliveryConsent: application.electronicDeliveryConsent,
      oralAccount: account,
    },
  });
  await recordContact(
    db,
    actor,
    result.caseId,
    {
      channel: channel.data,
      direction: 'incoming',
      summary: account.slice(0, 2000),
      contactAt: now.toISOString(),
    },
    now,
  );
  return result;
}
