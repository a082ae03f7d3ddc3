// The request for additional information as it would go out, unsigned, from the form's current
// values (POST from the task screen, opened in a new tab). Nothing is stored or sent.
import { getDb } from '@/db/client';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { renderInformationRequestPreview } from '@/modules/letters/create-information-request-letter';
import { submittedFromFormData } from '@/modules/task-forms/read-form-submission';
import { readInformationRequest } from '@/modules/task-forms/submit-information-request';
import { errorResponse, localeOf, pdfResponse, previewContext } from '../preview';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ taskKey: string }> }) {
  const { taskKey } = await params;
  try {
    const ctx = await previewContext(request, taskKey, ['choose-missing-items'], 'letter-preview');
    const choice = readInformationRequest(submittedFromFormData(await request.formData()));
    const bytes = await renderInformationRequestPreview(getDb(), {
      caseId: ctx.caseId,
      missingItems: choice.missingItems,
      missingItemsText: choice.missingItemsText,
      replyDays: choice.replyDays,
      sentOn: helsinkiToday(),
      signatoryName: ctx.actor.displayName,
    });
    return pdfResponse(bytes, 'information-request-preview.pdf');
  } catch (error) {
    return errorResponse(error, localeOf(request));
  }
}
