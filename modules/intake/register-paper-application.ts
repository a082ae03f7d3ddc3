// A paper application registered from confirmed scans: the caseworker picks the client's scanned
// pages and types the application's facts; the application then starts exactly as from the
// e-service (submitApplication), and the picked scans become documents of the new case.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { clients } from '@/db/schema';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { decideClientAccess } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { submitApplication, type SubmittedApplication } from '@/modules/cases/submit-application';
import { AppError } from '@/modules/errors';
import type { FieldError, Submitted } from '@/modules/task-forms/read-form-submission';
import { readIntakeApplication, refuseIfAny } from './intake-application-input';

export async function registerPaperApplication(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  submitted: Submitted,
): Promise<SubmittedApplication> {
  if (!actor.roles.includes('caseworker') && !actor.roles.includes('team_lead'))
    throw new AppError('forbidden', 'only caseworkers register applications');
  const problems: FieldError[] = [];
  const ids = [...new Set([submitted.documentIds ?? []].flat())];
  if (!ids.length) problems.push({ key: 'documentIds', code: 'required' });
  else if (!z.array(z.uuid()).safeParse(ids).success)
    problems.push({ key: 'documentIds', code: 'option' });
  const application = readIntakeApplication(submitted, problems);
  refuseIfAny(problems);

  const picked = await db
    .select({ id: documents.id, clientId: documents.clientId })
    .from(documents)
    .where(
      and(
        inArray(documents.id, ids),
        eq(documents.sourceChannel, 'scan'),
        isNull(documents.caseId),
        isNull(documents.disposedAt),
      ),
    );
  const clientIds = [...new Set(picked.map((d) => d.clientId))];
  // Every picked scan must still be free, and all must be one client's.
  if (picked.length !== ids.length || clientIds.length !== 1)
    refuseIfAny([{ key: 'documentIds', code: 'option' }]);
  const [client] = await db.select().from(clients).where(eq(clients.id, clientIds[0]!));
  const access = decideClientAccess(actor, client!);
  if (!access.allowed) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      clientId: client!.id,
      purpose: 'intake: paper application',
      details: { resource: 'client', reason: access.reason, documentIds: ids },
    });
    throw new AppError('forbidden', 'the client is not handled by your units');
  }

  const submittedApplication = await submitApplication(db, engine, actor, {
    clientId: client!.id,
    channel: 'paper',
    supportType: application.supportType,
    urgent: application.urgent,
    receivedOn: application.receivedOn,
    applicationData: {
      housingCostsCents: application.housingCostsCents,
      netIncomeCents: application.netIncomeCents,
      ...(application.iban ? { iban: application.iban } : {}),
      electronicDeliveryConsent: application.electronicDeliveryConsent,
      scannedDocumentIds: ids,
    },
  });
  await db.transaction(async (tx) => {
    await tx
      .update(documents)
      .set({ caseId: submittedApplication.caseId, type: 'application' })
      .where(and(inArray(documents.id, ids), isNull(documents.caseId)));
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'case.update',
      clientId: client!.id,
      purpose: 'intake: paper application',
      details: { caseId: submittedApplication.caseId, attachedDocumentIds: ids },
    });
  });
  return submittedApplication;
}
