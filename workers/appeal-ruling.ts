// Jobs `appeal.create-ruling-document` and `appeal.dismiss-late`: the signed ruling on a request
// for reconsideration, ruled on by a person or, for a late one under APPEAL_LATE_POLICY=dismiss,
// not examined.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { defineJobHandler } from '@/engine';
import {
  APPEAL_OUTCOMES,
  createRulingDocument,
  RulingInput,
} from '@/modules/appeals/create-ruling-document';
import { LateDismissalInput, dismissLateAppeal } from '@/modules/appeals/dismiss-late-appeal';
import { configuredSigningCredentials } from '@/modules/decisions/create-decision-document';
import { userName, type LetterJobOptions } from './letters';

export function createRulingDocumentHandler(db: Database, options: LetterJobOptions = {}) {
  const now = options.now ?? (() => new Date());
  const signing = options.signing ?? configuredSigningCredentials;
  return defineJobHandler({
    type: 'appeal.create-ruling-document',
    input: z.object({
      caseId: z.uuid(),
      appealOutcome: z.enum(APPEAL_OUTCOMES),
      rulingReasons: z.string().min(1),
      newDecision: z.string().nullish(),
      appealReceivedOn: z.iso.date().nullish(),
      appealLate: z.boolean().nullish(),
      appealDeadline: z.iso.date().nullish(),
      ruledBy: z.string().nullish(),
    }),
    output: z.object({ rulingDocumentId: z.string(), newDecisionGiven: z.boolean() }),
    fetchVariables: [
      'caseId',
      'appealOutcome',
      'rulingReasons',
      'newDecision',
      'appealReceivedOn',
      'appealLate',
      'appealDeadline',
      'ruledBy',
    ],
    async handler(job) {
      const input = RulingInput.safeParse({
        ...job.variables,
        rulingKey: `${job.processInstanceKey}:${job.elementId}`,
        ruledBy: await userName(db, job.variables.ruledBy),
      });
      if (!input.success) {
        // The ruling itself is incomplete: retrying cannot help, the incident names the gap.
        return job.fail({
          errorMessage: `ruling incomplete: ${input.error.issues.map((i) => i.message).join('; ')}`,
          retries: 0,
        });
      }
      const result = await createRulingDocument(db, input.data, await signing(), now());
      return job.complete({
        rulingDocumentId: result.documentId,
        newDecisionGiven: result.newDecision,
      });
    },
  });
}

/** `appeal.dismiss-late`: the automated ruling that a late request is not examined. */
export function dismissLateAppealHandler(db: Database, options: LetterJobOptions = {}) {
  const now = options.now ?? (() => new Date());
  const signing = options.signing ?? configuredSigningCredentials;
  return defineJobHandler({
    type: 'appeal.dismiss-late',
    input: z.object({
      caseId: z.uuid(),
      appealReceivedOn: z.iso.date(),
      appealDeadline: z.iso.date().nullish(),
    }),
    output: z.object({
      rulingDocumentId: z.string(),
      newDecisionGiven: z.boolean(),
      appealOutcome: z.literal('not_examined'),
    }),
    fetchVariables: ['caseId', 'appealReceivedOn', 'appealDeadline'],
    async handler(job) {
      const input = LateDismissalInput.safeParse({
        ...job.variables,
        rulingKey: `${job.processInstanceKey}:${job.elementId}`,
      });
      if (!input.success) {
        // Not late after all (or no deadline to be late against): a person must look at it.
        return job.fail({
          errorMessage: `late dismissal refused: ${input.error.issues.map((i) => i.message).join('; ')}`,
          retries: 0,
        });
      }
      const result = await dismissLateAppeal(db, input.data, await signing(), now());
      return job.complete({
        rulingDocumentId: result.documentId,
        newDecisionGiven: false,
        appealOutcome: 'not_examined',
      });
    },
  });
}
