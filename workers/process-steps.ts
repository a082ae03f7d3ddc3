// Job handlers of the service paths whose work is the rules in modules/ (no documents):
// the decision calculation, delivery channel, notification dates, appeal registration and
// the retention decision when a case closes.
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { cases, clients, users } from '@/db/schema';
import { defineJobHandler, type Engine } from '@/engine';
import {
  calculateSupport,
  calculationInput,
  type CalculationResult,
} from '@/modules/calculation/calculate-support';
import {
  configuredSigningCredentials,
  createDecisionDocument,
} from '@/modules/decisions/create-decision-document';
import type { SigningCredentials } from '@/modules/documents/pdf';
import { appealDeadline, deemedNotificationDate } from '@/modules/calendar/deadlines';
import { helsinkiDateTime, helsinkiToday } from '@/modules/calendar/helsinki-time';
import { addDays } from '@/modules/calendar/finnish-calendar';
import { retentionForClosedCase } from '@/modules/retention/retention-rules';
import { recordPaymentInstruction } from '@/modules/payments/record-payment-instruction';
import { startOnce } from '@/modules/process/start-once';
import { deliveryChannelForClient } from '@/modules/delivery';
import { LEGAL_BASIS_TEMPLATES } from '@/modules/decisions/legal-basis-templates';
import {
  LATE_APPEAL_POLICIES,
  lateAppealPolicy,
  LateAppealPolicyError,
  type LateAppealPolicy,
} from '@/modules/appeals/late-policy';

const caseIdInput = z.object({ caseId: z.uuid() });

async function loadCase(db: Database, caseId: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new Error(`case ${caseId} does not exist`);
  return row;
}

/** `decision.calculate`: the authoritative calculation from the drafted inputs, line by line. */
export function calculateDecisionHandler() {
  return defineJobHandler({
    type: 'decision.calculate',
    input: z.object({ caseId: z.uuid(), calculationInput }),
    output: z.object({
      calculation: z.unknown(),
      supportCents: z.number().int().nonnegative(),
      normsNeedVerification: z.boolean(),
    }),
    fetchVariables: ['caseId', 'calculationInput'],
    async handler(job) {
      const result = calculateSupport(job.variables.calculationInput);
      return job.complete({
        calculation: result,
        supportCents: result.supportCents,
        normsNeedVerification: result.normsNeedVerification,
      });
    },
  });
}

/** `notification.choose-channel`: electronic only with the client's consent, else post. */
export function chooseChannelHandler(db: Database) {
  return defineJobHandler({
    type: 'notification.choose-channel',
    input: caseIdInput,
    output: z.object({ deliveryChannel: z.enum(['electronic', 'post']) }),
    fetchVariables: ['caseId'],
    async handler(job) {
      const row = await loadCase(db, job.variables.caseId);
      return job.complete({
        deliveryChannel: await deliveryChannelForClient(db, row.clientId, row.applicationData),
      });
    },
  });
}

/**
 * `notification.record`: the deemed notification date (3rd day electronic, 7th by post), the
 * appeal deadline (30 days, period-counting rule) and when the appeal window closes.
 */
export function recordNotificationHandler(db: Database, now: () => Date = () => new Date()) {
  return defineJobHandler({
    type: 'notification.record',
    input: z.object({
      caseId: z.uuid(),
      deliveryChannel: z.enum(['electronic', 'post']),
      sentOn: z.iso.date().optional(),
    }),
    output: z.object({
      notifiedOn: z.string(),
      appealDeadline: z.string(),
      appealWindowEndsAt: z.string(),
    }),
    fetchVariables: ['caseId', 'deliveryChannel', 'sentOn'],
    async handler(job) {
      const sentOn = job.variables.sentOn ?? helsinkiToday(now());
      const notifiedOn = deemedNotificationDate(sentOn, job.variables.deliveryChannel);
      const deadline = appealDeadline(notifiedOn);
      await db.update(cases).set({ status: 'notified' }).where(eq(cases.id, job.variables.caseId));
      return job.complete({
        notifiedOn,
        appealDeadline: deadline,
        // The window closes when the deadline day is over.
        appealWindowEndsAt: helsinkiDateTime(addDays(deadline, 1), '00:00'),
      });
    },
  });
}

/**
 * `appeal.register`: a request for reconsideration, marked late when it came after the period,
 * with the late-appeal policy in force (APPEAL_LATE_POLICY) for the model's gateway. A bad
 * policy setting stops the job as an incident that names it.
 */
export function registerAppealHandler(db: Database, now: () => Date = () => new Date()) {
  return defineJobHandler({
    type: 'appeal.register',
    input: z.object({
      caseId: z.uuid(),
      appealDeadline: z.iso.date().nullish(),
      appealReceivedOn: z.iso.date().optional(),
    }),
    output: z.object({
      appealLate: z.boolean(),
      appealReceivedOn: z.string(),
      appealLatePolicy: z.enum(LATE_APPEAL_POLICIES),
    }),
    fetchVariables: ['caseId', 'appealDeadline', 'appealReceivedOn'],
    async handler(job) {
      let policy: LateAppealPolicy;
      try {
        policy = lateAppealPolicy();
      } catch (error) {
        if (!(error instanceof LateAppealPolicyError)) throw error;
        return job.fail({ errorMessage: error.message, retries: 0 });
      }
      const receivedOn = job.variables.appealReceivedOn ?? helsinkiToday(now());
      const late = Boolean(
        job.variables.appealDeadline && receivedOn > job.variables.appealDeadline,
      );
      await db
        .update(cases)
        .set({ status: 'appeal_pending' })
        .where(eq(cases.id, job.variables.caseId));
      return job.complete({
        appealLate: late,
        appealReceivedOn: receivedOn,
        appealLatePolicy: policy,
      });
    },
  });
}

/** `archive.set-retention`: retention class, permanent sample, disposal date (archiving process). */
export function setRetentionHandler(db: Database, now: () => Date = () => new Date()) {
  return defineJobHandler({
    type: 'archive.set-retention',
    input: caseIdInput,
    output: z.object({
      retentionClass: z.string(),
      permanent: z.boolean(),
      disposalOn: z.string().nullable(),
      disposalAt: z.string().nullable(),
    }),
    fetchVariables: ['caseId'],
    async handler(job) {
      const row = await loadCase(db, job.variables.caseId);
      const [client] = await db.select().from(clients).where(eq(clients.id, row.clientId));
      if (!client) throw new Error(`client of case ${row.id} does not exist`);
      const closedOn = row.closedAt ? helsinkiToday(row.closedAt) : helsinkiToday(now());
      const retention = retentionForClosedCase(closedOn, client.birthDate);
      // Each document of the case gets the class and date (none when kept permanently).
      await db
        .update(documents)
        .set({ retentionClass: retention.retentionClass, disposalDate: retention.disposalOn })
        .where(and(eq(documents.caseId, row.id), isNull(documents.disposedAt)));
      return job.complete({
        ...retention,
        disposalAt: retention.disposalOn ? helsinkiDateTime(retention.disposalOn, '00:00') : null,
      });
    },
  });
}

/**
 * `case.close`: the case is closed and its records enter the archiving process (started once:
 * a repeated job finds the running instance by business key).
 */
export function closeCaseHandler(db: Database, engine: Engine) {
  return defineJobHandler({
    type: 'case.close',
    input: caseIdInput,
    output: z.object({ archivingInstanceKey: z.string() }),
    fetchVariables: ['caseId'],
    async handler(job) {
      const row = await loadCase(db, job.variables.caseId);
      if (!row.closedAt) {
        await db
          .update(cases)
          .set({ status: 'closed', closedAt: new Date() })
          .where(eq(cases.id, row.id));
      }
      const { processInstanceKey: key } = await startOnce(engine, 'archiving', row.id, {
        caseId: row.id,
      });
      return job.complete({ archivingInstanceKey: key });
    },
  });
}

/** `decision.create-document`: the signed decision document in the client's language. */
export function createDecisionDocumentHandler(
  db: Database,
  signing: () => Promise<SigningCredentials> = configuredSigningCredentials,
) {
  return defineJobHandler({
    type: 'decision.create-document',
    input: z.object({
      caseId: z.uuid(),
      outcome: z.enum(['granted', 'partly_granted', 'rejected']),
      reasons: z.string().min(1),
      calculation: z.unknown().optional(),
      approvedBy: z.string().optional(),
      legalBasisTemplate: z.enum(LEGAL_BASIS_TEMPLATES).optional(),
    }),
    output: z.object({ decisionId: z.string() }),
    fetchVariables: [
      'caseId',
      'outcome',
      'reasons',
      'calculation',
      'approvedBy',
      'legalBasisTemplate',
    ],
    async handler(job) {
      const [approver] =
        job.variables.approvedBy && z.uuid().safeParse(job.variables.approvedBy).success
          ? await db
              .select({ name: users.displayName })
              .from(users)
              .where(eq(users.id, job.variables.approvedBy))
          : [];
      const result = await createDecisionDocument(
        db,
        {
          caseId: job.variables.caseId,
          idempotencyKey: `${job.processInstanceKey}:${job.elementId}`,
          outcome: job.variables.outcome,
          reasons: job.variables.reasons,
          calculation: (job.variables.calculation as CalculationResult | undefined) ?? null,
          decidedBy: approver?.name ?? '—',
          // the proposer's choice travels with the process; without it the case's last draft
          legalBasisTemplate: job.variables.legalBasisTemplate,
        },
        await signing(),
      );
      return job.complete({ decisionId: result.documentId });
    },
  });
}

/**
 * `payment.record-instruction`: a bad or missing IBAN fails the job without retries, so an
 * incident with the reason shows who must fix the bank account before the payment goes on.
 */
export function recordPaymentInstructionHandler(db: Database) {
  return defineJobHandler({
    type: 'payment.record-instruction',
    input: z.object({
      caseId: z.uuid(),
      decisionId: z.string(),
      supportCents: z.number().int().nonnegative(),
      calculation: z.object({ month: z.string() }).passthrough(),
    }),
    output: z.object({ paymentInstructionId: z.string() }),
    fetchVariables: ['caseId', 'decisionId', 'supportCents', 'calculation'],
    async handler(job) {
      const result = await recordPaymentInstruction(db, {
        caseId: job.variables.caseId,
        decisionDocumentId: job.variables.decisionId,
        amountCents: job.variables.supportCents,
        month: job.variables.calculation.month,
      });
      if (!result.ok) {
        return job.fail({
          errorMessage: `payment instruction refused: ${result.error}`,
          retries: 0,
        });
      }
      return job.complete({ paymentInstructionId: result.paymentInstructionId });
    },
  });
}
