// The payment instruction for granted support (job `payment.record-instruction`): the
// applicant's IBAN from the application, validated; the amount and the month; once per decision.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cases, paymentInstructions } from '@/db/schema';
import { addDays, type IsoDate } from '@/modules/calendar/finnish-calendar';
import { parseIban, type IbanError } from './iban';

export type PaymentInstructionResult =
  | { ok: true; paymentInstructionId: string }
  | { ok: false; error: 'iban_missing' | `iban_${IbanError}` };

function lastDayOfMonth(monthStart: IsoDate): IsoDate {
  const [y, m] = monthStart.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

export async function recordPaymentInstruction(
  db: Database,
  input: { caseId: string; decisionDocumentId: string; amountCents: number; month: IsoDate },
): Promise<PaymentInstructionResult> {
  const [row] = await db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!row) throw new Error(`case ${input.caseId} does not exist`);
  const raw = row.applicationData.iban;
  if (typeof raw !== 'string' || !raw.trim()) return { ok: false, error: 'iban_missing' };
  const iban = parseIban(raw);
  if (!iban.ok) return { ok: false, error: `iban_${iban.error}` };
  const [inserted] = await db
    .insert(paymentInstructions)
    .values({
      caseId: row.id,
      decisionDocumentId: input.decisionDocumentId,
      iban: iban.iban,
      amountCents: input.amountCents,
      periodStart: input.month,
      periodEnd: lastDayOfMonth(input.month),
    })
    .onConflictDoNothing({ target: paymentInstructions.decisionDocumentId })
    .returning({ id: paymentInstructions.id });
  if (inserted) return { ok: true, paymentInstructionId: inserted.id };
  // A repeated job: the instruction of this decision exists already.
  const [existing] = await db
    .select({ id: paymentInstructions.id })
    .from(paymentInstructions)
    .where(eq(paymentInstructions.decisionDocumentId, input.decisionDocumentId));
  return { ok: true, paymentInstructionId: existing!.id };
}
