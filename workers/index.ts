// Every job handler the worker process runs. A job type in workflows/ without a handler here
// waits (visible as an open job) until one is added.
import type { Engine, JobHandler } from '@/engine';
import type { Database } from '@/db/client';
import { registerApplicationHandler } from './application-register';
import { checkDeadlineHandler, recomputeDeadlineHandler } from './case-deadlines';
import {
  calculateDecisionHandler,
  chooseChannelHandler,
  closeCaseHandler,
  createDecisionDocumentHandler,
  recordPaymentInstructionHandler,
  recordNotificationHandler,
  registerAppealHandler,
  setRetentionHandler,
} from './process-steps';

export function jobHandlers(db: Database, engine?: Engine): JobHandler[] {
  return [
    registerApplicationHandler(db),
    checkDeadlineHandler(db),
    recomputeDeadlineHandler(db),
    calculateDecisionHandler(),
    chooseChannelHandler(db),
    recordNotificationHandler(db),
    registerAppealHandler(db),
    setRetentionHandler(db),
    createDecisionDocumentHandler(db),
    recordPaymentInstructionHandler(db),
    ...(engine ? [closeCaseHandler(db, engine)] : []),
  ] as unknown as JobHandler[];
}
