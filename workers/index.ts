// Every job handler the worker process runs. A job type in workflows/ without a handler here
// waits (visible as an open job) until one is added.
import type { Engine, JobHandler } from '@/engine';
import type { Database } from '@/db/client';
import type { SigningCredentials } from '@/modules/documents/pdf';
import { createRulingDocumentHandler, dismissLateAppealHandler } from './appeal-ruling';
import { registerApplicationHandler } from './application-register';
import { checkDeadlineHandler, recomputeDeadlineHandler } from './case-deadlines';
import { disposeHandler, postponeDisposalHandler, proposeDisposalHandler } from './disposal';
import {
  addToPrintBatchHandler,
  createInformationRequestLetterHandler,
  deliverLetterHandler,
  sendElectronicHandler,
} from './letters';
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

export interface JobHandlerOptions {
  /** The clock of date-dependent steps (tests pass the engine's test clock). */
  now?: () => Date;
  /** Signing credentials of generated documents (default: SIGNING_P12_FILE). */
  signing?: () => Promise<SigningCredentials>;
}

export function jobHandlers(
  db: Database,
  engine?: Engine,
  options: JobHandlerOptions = {},
): JobHandler[] {
  const { now, signing } = options;
  return [
    registerApplicationHandler(db),
    checkDeadlineHandler(db, now),
    recomputeDeadlineHandler(db),
    calculateDecisionHandler(),
    chooseChannelHandler(db),
    recordNotificationHandler(db, now),
    registerAppealHandler(db, now),
    setRetentionHandler(db, now),
    createDecisionDocumentHandler(db, signing),
    recordPaymentInstructionHandler(db),
    createInformationRequestLetterHandler(db, { now, signing }),
    deliverLetterHandler(db, { now }),
    sendElectronicHandler(db, { now }),
    addToPrintBatchHandler(db, { now }),
    createRulingDocumentHandler(db, { now, signing }),
    dismissLateAppealHandler(db, { now, signing }),
    proposeDisposalHandler(db, now),
    disposeHandler(db, now),
    postponeDisposalHandler(db, now),
    ...(engine ? [closeCaseHandler(db, engine)] : []),
  ] as unknown as JobHandler[];
}
