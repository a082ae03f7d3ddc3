// Registration of a received application (job `application.register`): case number, household,
// duplicate check, routing to a unit's queue, and the statutory decision deadline.
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cases, clients, households, units } from '@/db/schema';
import { decisionDeadline } from '@/modules/calendar/deadlines';
import {
  addWorkingDays,
  workingDaysBetween,
  type IsoDate,
} from '@/modules/calendar/finnish-calendar';
import { helsinkiDateTime } from '@/modules/calendar/helsinki-time';
import { routeByRules } from '@/modules/routing/routing-rules';
import { nextCaseNumber } from './next-case-number';

export interface RegistrationResult {
  caseId: string;
  caseNumber: string;
  unitId: string;
  unitGroup: string;
  decisionMakerGroup: string;
  possibleDuplicateOf: string | null;
  urgent: boolean;
  decisionDueOn: IsoDate;
  /** ISO date-times for the task due date and the escalation timers. */
  decisionDueAt: string;
  escalateAt: string;
  overdueAt: string;
  /** How often the deadline watch on the handling sub-process runs (ISO 8601 repeating interval). */
  deadlineWatchCycle: string;
}

export const DEADLINE_WATCH_CYCLE = 'R/PT6H';

export function unitGroupOf(unitCode: string): string {
  return `unit:${unitCode}`;
}
export function decisionMakerGroupOf(unitCode: string): string {
  return `decision-makers:${unitCode}`;
}

/** Team leads are alerted this many working days before the deadline. */
export const ESCALATION_WORKING_DAYS_BEFORE = 2;

function deadlineVariables(receivedOn: IsoDate, urgent: boolean) {
  const decisionDueOn = decisionDeadline(receivedOn, { urgent });
  // 2 working days before the deadline, but never before the day of receipt.
  const escalateOn = addWorkingDays(
    receivedOn,
    Math.max(0, workingDaysBetween(receivedOn, decisionDueOn) - ESCALATION_WORKING_DAYS_BEFORE),
  );
  return {
    decisionDueOn,
    decisionDueAt: helsinkiDateTime(decisionDueOn, '16:00'),
    escalateAt: helsinkiDateTime(escalateOn, '08:00'),
    // The deadline has passed once its day is over.
    overdueAt: helsinkiDateTime(addWorkingDays(decisionDueOn, 1), '00:00'),
  };
}

/** Idempotent: a second call for a registered case returns the same result without new numbers. */
export async function registerApplication(
  db: Database,
  caseId: string,
): Promise<RegistrationResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw new Error(`case ${caseId} does not exist`);
    const [client] = await tx.select().from(clients).where(eq(clients.id, row.clientId));
    if (!client) throw new Error(`client ${row.clientId} of case ${caseId} does not exist`);

    let unitId = row.unitId;
    if (!unitId) {
      // Routing by the organisation's rules (modules/routing), else the client's responsible unit.
      const [household] = client.householdId
        ? await tx.select().from(households).where(eq(households.id, client.householdId))
        : [];
      const byRule = await routeByRules(tx, row.organisationId, household ?? null);
      unitId = byRule ?? client.responsibleUnitId;
    }
    const [unit] = await tx.select().from(units).where(eq(units.id, unitId));
    if (!unit) throw new Error(`unit ${unitId} does not exist`);

    const [duplicate] = client.householdId
      ? await tx
          .select({ id: cases.id })
          .from(cases)
          .where(
            and(
              eq(cases.householdId, client.householdId),
              eq(cases.supportType, row.supportType),
              ne(cases.id, row.id),
              inArray(cases.status, ['received', 'in_processing', 'information_requested']),
            ),
          )
          .limit(1)
      : [];

    const caseNumber =
      row.caseNumber ??
      (await nextCaseNumber(tx, row.organisationId, Number(row.receivedOn.slice(0, 4))));
    const deadlines = deadlineVariables(row.receivedOn, row.urgent);
    await tx
      .update(cases)
      .set({
        caseNumber,
        householdId: client.householdId,
        unitId,
        status: 'in_processing',
        decisionDueOn: row.decisionDueOn ?? deadlines.decisionDueOn,
        possibleDuplicateOf: duplicate?.id ?? null,
      })
      .where(eq(cases.id, caseId));
    return {
      caseId,
      caseNumber,
      unitId,
      unitGroup: unitGroupOf(unit.code),
      decisionMakerGroup: decisionMakerGroupOf(unit.code),
      possibleDuplicateOf: duplicate?.id ?? null,
      urgent: row.urgent,
      ...deadlines,
      deadlineWatchCycle: DEADLINE_WATCH_CYCLE,
    };
  });
}
