// The decision proposal: the calculation's inputs (household members, housing costs, other
// expenses, incomes), the outcome, the reasons and the legal-basis template. The calculation is
// run here as it will be by `decision.calculate`; granting support needs support to grant.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { decisionDrafts } from '@/db/task-forms-schema';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import {
  calculateSupport,
  calculationInput,
  type CalculationResult,
} from '@/modules/calculation/calculate-support';
import { LEGAL_BASIS_TEMPLATES } from '@/modules/decisions/legal-basis-templates';
import { completeTask, taskForActor } from '@/modules/tasks/complete-task';
import type { FieldError, Submitted } from './read-form-submission';
import { refuseIfAny } from './task-form-invalid';

const OUTCOMES = ['granted', 'partly_granted', 'rejected'] as const;

export interface DecisionProposal {
  outcome: (typeof OUTCOMES)[number];
  reasons: string;
  legalBasisTemplate: (typeof LEGAL_BASIS_TEMPLATES)[number];
  calculationInput: z.output<typeof calculationInput>;
  calculation: CalculationResult;
}

const one = (v: string | string[] | undefined) => String([v ?? ''].flat()[0] ?? '');

/** Runs the calculation on untrusted input; null when the input is not a valid calculation. */
export function tryCalculate(
  raw: unknown,
): { input: z.output<typeof calculationInput>; result: CalculationResult } | null {
  const parsed = calculationInput.safeParse(raw);
  if (!parsed.success) return null;
  // Member ids must be unique and every income must belong to a member.
  const ids = new Set(parsed.data.members.map((m) => m.id));
  if (ids.size !== parsed.data.members.length) return null;
  if (parsed.data.incomes.some((i) => !ids.has(i.memberId))) return null;
  try {
    return { input: parsed.data, result: calculateSupport(parsed.data) };
  } catch {
    // No norms for the month: a configuration gap, shown as an invalid calculation.
    return null;
  }
}

export function readDecisionProposal(submitted: Submitted): DecisionProposal {
  const problems: FieldError[] = [];
  const outcome = z.enum(OUTCOMES).safeParse(one(submitted.outcome));
  if (!outcome.success) problems.push({ key: 'outcome', code: 'required' });
  const reasons = one(submitted.reasons).replace(/\r\n/g, '\n').trim();
  if (!reasons) problems.push({ key: 'reasons', code: 'required' });
  else if (reasons.length > 8000) problems.push({ key: 'reasons', code: 'maxLength', limit: 8000 });
  const template = z.enum(LEGAL_BASIS_TEMPLATES).safeParse(one(submitted.legalBasisTemplate));
  if (!template.success) problems.push({ key: 'legalBasisTemplate', code: 'required' });
  let json: unknown = null;
  try {
    json = JSON.parse(one(submitted.calculationInput) || 'null');
  } catch {
    json = null;
  }
  const calculated = tryCalculate(json);
  if (!calculated) problems.push({ key: 'calculation', code: 'calculation' });
  else if (outcome.success && outcome.data !== 'rejected' && calculated.result.supportCents === 0)
    problems.push({ key: 'outcome', code: 'no_support' });
  refuseIfAny(problems);
  return {
    outcome: outcome.data!,
    reasons,
    legalBasisTemplate: template.data!,
    calculationInput: calculated!.input,
    calculation: calculated!.result,
  };
}

export async function submitDecisionProposal(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
  submitted: Submitted,
): Promise<DecisionProposal> {
  const proposal = readDecisionProposal(submitted);
  const task = await taskForActor(db, engine, actor, userTaskKey);
  await completeTask(db, engine, actor, userTaskKey, {
    outcome: proposal.outcome,
    reasons: proposal.reasons,
    legalBasisTemplate: proposal.legalBasisTemplate,
    calculationInput: proposal.calculationInput,
  });
  if (task.businessKey && z.uuid().safeParse(task.businessKey).success) {
    await db.insert(decisionDrafts).values({
      caseId: task.businessKey,
      processInstanceKey: task.processInstanceKey,
      userTaskKey,
      outcome: proposal.outcome,
      legalBasisTemplate: proposal.legalBasisTemplate,
      reasons: proposal.reasons,
      calculationInput: proposal.calculationInput,
      supportCents: proposal.calculation.supportCents,
      proposedBy: actor.userId,
    });
  }
  return proposal;
}
