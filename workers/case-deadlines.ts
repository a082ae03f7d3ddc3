// Jobs `case.check-deadline` (the deadline watch) and `case.recompute-deadline`.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { defineJobHandler } from '@/engine';
import { checkDeadline } from '@/modules/cases/check-deadline';
import { recomputeDeadline } from '@/modules/cases/recompute-deadline';

export function checkDeadlineHandler(db: Database, now: () => Date = () => new Date()) {
  return defineJobHandler({
    type: 'case.check-deadline',
    input: z.object({ caseId: z.uuid() }),
    output: z.object({ lastDeadlineCheck: z.string() }),
    fetchVariables: ['caseId'],
    async handler(job) {
      const result = await checkDeadline(db, job.variables.caseId, now());
      return job.complete({ lastDeadlineCheck: result });
    },
  });
}

export function recomputeDeadlineHandler(db: Database) {
  return defineJobHandler({
    type: 'case.recompute-deadline',
    input: z.object({
      caseId: z.uuid(),
      replyDueOn: z.iso.date(),
      informationReceivedOn: z.iso.date().nullish(),
    }),
    output: z.object({
      decisionDueOn: z.string(),
      decisionDueAt: z.string(),
      informationReceived: z.boolean(),
    }),
    fetchVariables: ['caseId', 'replyDueOn', 'informationReceivedOn'],
    async handler(job) {
      return job.complete(await recomputeDeadline(db, job.variables));
    },
  });
}
