'use server';
// Server actions of the batch page: retry one failed page, confirm or reject a link proposal.
// Each checks login, role and the batch's unit again (modules/scans); refusals come back as
// codes the page shows in the user's language.
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';
import { decideLinkProposal } from '@/modules/scans/decide-link-proposal';
import { retryScanPage } from '@/modules/scans/retry-scan-page';

export type ActionResult = { ok: true } | { ok: false; error: string };

function codeOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  console.error('[scans] action failed:', error);
  return 'failed';
}

export async function retryPageAction(batchId: string, pageId: string): Promise<ActionResult> {
  try {
    const actor = await requireArea('staff', `/staff/scans/${batchId}`);
    if (!z.uuid().safeParse(pageId).success) throw new AppError('invalid_input', 'bad page');
    await retryScanPage(getDb(), actor, pageId);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: codeOf(error) };
  }
}

export async function decideProposalAction(
  locale: string,
  batchId: string,
  proposalId: string,
  form: FormData,
): Promise<void> {
  const base = `/${isLocale(locale) ? locale : 'fi'}/staff/scans/${batchId}`;
  let outcome: string;
  try {
    const actor = await requireArea('staff', base);
    const decision = form.get('decision') === 'confirm' ? 'confirm' : 'reject';
    await decideLinkProposal(
      getDb(),
      configuredObjectStore(),
      actor,
      proposalId,
      decision === 'confirm'
        ? {
            decision,
            type: String(form.get('type') ?? 'attachment') as 'attachment',
            language: isLocale(locale) ? locale : 'fi',
          }
        : { decision },
    );
    outcome = `notice=${decision === 'confirm' ? 'linked' : 'rejected'}`;
  } catch (error) {
    outcome = `error=${codeOf(error)}`;
  }
  redirect(`${base}?${outcome}`);
}
