// Job `application.register`: case number, household, duplicate flag, routing and deadlines.
import { z } from 'zod';
import { defineJobHandler } from '@/engine';
import type { Database } from '@/db/client';
import { registerApplication } from '@/modules/cases/register-application';

export const registerApplicationInput = z.object({ caseId: z.uuid() });

export const registerApplicationOutput = z.object({
  caseNumber: z.string(),
  unitGroup: z.string(),
  decisionMakerGroup: z.string(),
  possibleDuplicateOf: z.string().nullable(),
  urgent: z.boolean(),
  decisionDueOn: z.string(),
  decisionDueAt: z.string(),
  escalateAt: z.string(),
  overdueAt: z.string(),
  deadlineWatchCycle: z.string(),
});

export function registerApplicationHandler(db: Database) {
  return defineJobHandler({
    type: 'application.register',
    input: registerApplicationInput,
    output: registerApplicationOutput,
    fetchVariables: ['caseId'],
    // Idempotent: a repeated job (after a crash) returns the same number and deadlines.
    async handler(job) {
      const result = await registerApplication(db, job.variables.caseId);
      return job.complete({
        caseNumber: result.caseNumber,
        unitGroup: result.unitGroup,
        decisionMakerGroup: result.decisionMakerGroup,
        possibleDuplicateOf: result.possibleDuplicateOf,
        urgent: result.urgent,
        decisionDueOn: result.decisionDueOn,
        decisionDueAt: result.decisionDueAt,
        escalateAt: result.escalateAt,
        overdueAt: result.overdueAt,
        deadlineWatchCycle: result.deadlineWatchCycle,
      });
    },
  });
}
