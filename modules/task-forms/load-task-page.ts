// Everything the task page shows: the task (in the actor's queues), its case and client (the
// read is audited with the task as its purpose) and what its screen needs to start from.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { clients, users } from '@/db/schema';
import type { Engine, UserTask } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import type { CalculationInput } from '@/modules/calculation/calculate-support';
import { authorizeCase, type CaseRow, type ClientRow } from '@/modules/cases/open-case';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { taskForActor } from '@/modules/tasks/complete-task';
import { defaultCalculationInput } from './default-calculation-input';
import { screenFor, type TaskScreen } from './screens';

export interface TaskPage {
  task: UserTask;
  screen: TaskScreen;
  caseRow: CaseRow | null;
  client:
    (Pick<ClientRow, 'id' | 'firstNames' | 'lastName'> & { maskedIdentityCode: string }) | null;
  /** The decision screens: where the calculation starts (the last proposal, else the register). */
  calculationInput: CalculationInput | null;
  /** Display name of the person who proposed the decision (approval screen). */
  proposedByName: string | null;
  /** True when the actor proposed the decision under review: they may not approve it. */
  actorIsProposer: boolean;
}

export async function loadTaskPage(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
): Promise<TaskPage> {
  const task = await taskForActor(db, engine, actor, userTaskKey);
  const screen = screenFor(task.elementId);
  let caseRow: CaseRow | null = null;
  let client: ClientRow | null = null;
  if (task.businessKey && z.uuid().safeParse(task.businessKey).success) {
    ({ row: caseRow, client } = await authorizeCase(db, engine, actor, task.businessKey, {
      kind: 'task',
      userTaskKey,
    }));
  }

  let calculationInput: CalculationInput | null = null;
  if (screen === 'decision_proposal' && caseRow && client) {
    const previous = task.variables.calculationInput;
    if (previous && typeof previous === 'object') {
      calculationInput = previous as CalculationInput;
    } else {
      const members = client.householdId
        ? await db
            .select()
            .from(clients)
            .where(eq(clients.householdId, client.householdId))
            .orderBy(asc(clients.birthDate))
        : [client];
      calculationInput = defaultCalculationInput({
        receivedOn: caseRow.receivedOn,
        applicantId: client.id,
        members,
        applicationData: caseRow.applicationData,
      });
    }
  }

  const proposedBy = task.variables.proposedBy;
  let proposedByName: string | null = null;
  if (screen === 'decision_approval' && typeof proposedBy === 'string') {
    const [row] = z.uuid().safeParse(proposedBy).success
      ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, proposedBy))
      : [];
    proposedByName = row?.name ?? null;
  }

  return {
    task,
    screen,
    caseRow,
    client: client
      ? {
          id: client.id,
          firstNames: client.firstNames,
          lastName: client.lastName,
          maskedIdentityCode: maskIdentityCode(client.identityCode),
        }
      : null,
    calculationInput,
    proposedByName,
    actorIsProposer: screen === 'decision_approval' && proposedBy === actor.userId,
  };
}
