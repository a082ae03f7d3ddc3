// The decision as it would be made, unsigned: POST from the drafting screen (the form's current
// values), GET from the approval screen (the proposal under review). Nothing is stored.
import { getDb } from '@/db/client';
import type { CalculationResult } from '@/modules/calculation/calculate-support';
import { renderDecisionPreview } from '@/modules/decisions/create-decision-document';
import type { DecisionOutcome } from '@/modules/decisions/decision-texts';
import {
  LEGAL_BASIS_TEMPLATES,
  type LegalBasisTemplate,
} from '@/modules/decisions/legal-basis-templates';
import { AppError } from '@/modules/errors';
import { submittedFromFormData } from '@/modules/task-forms/read-form-submission';
import { readDecisionProposal } from '@/modules/task-forms/submit-decision-proposal';
import { errorResponse, localeOf, pdfResponse, previewContext } from '../preview';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ taskKey: string }> }) {
  const { taskKey } = await params;
  try {
    const ctx = await previewContext(request, taskKey, ['draft-decision'], 'decision-preview');
    const proposal = readDecisionProposal(submittedFromFormData(await request.formData()));
    const bytes = await renderDecisionPreview(getDb(), {
      caseId: ctx.caseId,
      outcome: proposal.outcome,
      reasons: proposal.reasons,
      calculation: proposal.calculation,
      legalBasisTemplate: proposal.legalBasisTemplate,
      decidedBy: '—',
    });
    return pdfResponse(bytes, 'decision-preview.pdf');
  } catch (error) {
    return errorResponse(error, localeOf(request));
  }
}

export async function GET(request: Request, { params }: { params: Promise<{ taskKey: string }> }) {
  const { taskKey } = await params;
  try {
    const ctx = await previewContext(request, taskKey, ['approve-decision'], 'decision-preview');
    const v = ctx.task.variables;
    const outcome = v.outcome as DecisionOutcome | undefined;
    if (!outcome || typeof v.reasons !== 'string')
      throw new AppError('not_found', 'no proposal to preview');
    const template = (LEGAL_BASIS_TEMPLATES as readonly string[]).includes(
      String(v.legalBasisTemplate),
    )
      ? (v.legalBasisTemplate as LegalBasisTemplate)
      : undefined;
    const bytes = await renderDecisionPreview(getDb(), {
      caseId: ctx.caseId,
      outcome,
      reasons: v.reasons,
      calculation: (v.calculation as CalculationResult | undefined) ?? null,
      legalBasisTemplate: template,
      decidedBy: ctx.actor.displayName,
    });
    return pdfResponse(bytes, 'decision-preview.pdf');
  } catch (error) {
    return errorResponse(error, localeOf(request));
  }
}
