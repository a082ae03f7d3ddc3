// Starts an application the same way from every channel: a case row, then the `application`
// process with the case id as business key.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { cases, clients, organisations } from '@/db/schema';
import type { Engine } from '@/engine';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';

export const submitApplicationInput = z.object({
  clientId: z.uuid(),
  channel: z.enum(['eservice', 'paper', 'oral']),
  supportType: z.enum(['supplementary', 'preventive']),
  urgent: z.boolean().default(false),
  /** The day the application arrived (paper: the stamp date); defaults to today in Helsinki. */
  receivedOn: z.iso.date().optional(),
  applicationData: z.record(z.string(), z.unknown()).default({}),
});

export type SubmitApplicationInput = z.input<typeof submitApplicationInput>;

export interface SubmittedApplication {
  caseId: string;
  processInstanceKey: string;
}

export async function submitApplication(
  db: Database,
  engine: Engine,
  actor: { userId: string | null; displayName: string },
  raw: SubmitApplicationInput,
): Promise<SubmittedApplication> {
  const input = submitApplicationInput.parse(raw);
  const [client] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(eq(clients.id, input.clientId));
  if (!client) throw new Error(`client ${input.clientId} does not exist`);
  const [organisation] = await db.select({ id: organisations.id }).from(organisations).limit(1);
  if (!organisation) throw new Error('no organisation is configured');

  const receivedOn = input.receivedOn ?? helsinkiToday();
  const [created] = await db
    .insert(cases)
    .values({
      organisationId: organisation.id,
      clientId: input.clientId,
      supportType: input.supportType,
      channel: input.channel,
      urgent: input.urgent,
      receivedOn,
      applicationData: input.applicationData,
      createdBy: actor.userId,
    })
    .returning({ id: cases.id });
  const caseId = created!.id;
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.create',
    clientId: input.clientId,
    purpose: `application received (${input.channel})`,
    details: { caseId, supportType: input.supportType, urgent: input.urgent },
  });

  // If starting fails the case row stays without a process; startPendingApplications retries it.
  const started = await engine.startInstance({
    bpmnProcessId: 'application',
    businessKey: caseId,
    variables: {
      caseId,
      clientId: input.clientId,
      channel: input.channel,
      urgent: input.urgent,
      receivedOn,
    },
  });
  await db
    .update(cases)
    .set({ processInstanceKey: started.processInstanceKey })
    .where(eq(cases.id, caseId));
  return { caseId, processInstanceKey: started.processInstanceKey };
}
