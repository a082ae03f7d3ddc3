// Jobs of the disposal part of the archiving path: `archive.propose-disposal`,
// `archive.dispose` and `archive.postpone-disposal`. Each one that loops back to the disposal
// timer moves `disposalAt` forward.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { defineJobHandler } from '@/engine';
import {
  DisposalNotApprovedError,
  disposeApprovedList,
  postponeDisposal,
} from '@/modules/disposal/dispose-approved-list';
import { proposeDisposal } from '@/modules/disposal/propose-disposal';

type Now = () => Date;

export function proposeDisposalHandler(db: Database, now: Now = () => new Date()) {
  return defineJobHandler({
    type: 'archive.propose-disposal',
    input: z.object({ caseId: z.uuid(), disposalAt: z.string().min(1) }),
    output: z.object({
      disposalListId: z.string(),
      legalHold: z.boolean(),
      disposalAt: z.string(),
    }),
    fetchVariables: ['caseId', 'disposalAt'],
    async handler(job) {
      const result = await proposeDisposal(db, {
        caseId: job.variables.caseId,
        processInstanceKey: job.processInstanceKey,
        disposalAt: job.variables.disposalAt,
        now: now(),
      });
      return job.complete({
        disposalListId: result.disposalListId,
        legalHold: result.legalHold,
        disposalAt: result.disposalAt,
      });
    },
  });
}

export function disposeHandler(db: Database, now: Now = () => new Date()) {
  return defineJobHandler({
    type: 'archive.dispose',
    input: z.object({ disposalListId: z.uuid(), disposalAt: z.string().min(1) }),
    output: z.object({
      disposedCount: z.number().int(),
      disposalRemaining: z.boolean(),
      disposalAt: z.string(),
    }),
    fetchVariables: ['disposalListId', 'disposalAt'],
    async handler(job) {
      const result = await disposeApprovedList(db, { ...job.variables, now: now() }).catch(
        (error: unknown) => {
          if (error instanceof DisposalNotApprovedError) return error;
          throw error;
        },
      );
      if (result instanceof DisposalNotApprovedError)
        return job.fail({ errorMessage: result.message, retries: 0 });
      return job.complete({
        disposedCount: result.disposed,
        disposalRemaining: result.remaining > 0,
        disposalAt: result.disposalAt,
      });
    },
  });
}

export function postponeDisposalHandler(db: Database, now: Now = () => new Date()) {
  return defineJobHandler({
    type: 'archive.postpone-disposal',
    input: z.object({ disposalListId: z.uuid(), disposalAt: z.string().min(1) }),
    output: z.object({ disposalAt: z.string() }),
    fetchVariables: ['disposalListId', 'disposalAt'],
    async handler(job) {
      return job.complete(await postponeDisposal(db, { ...job.variables, now: now() }));
    },
  });
}
