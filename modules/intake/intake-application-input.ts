// What a caseworker records from a paper or oral application, checked at the edge. Amounts come
// in as euros typed by a person ("520" or "520,50") and are kept in integer cents.
import { z } from 'zod';
import type { FieldError, Submitted } from '@/modules/task-forms/read-form-submission';
import { isValidIdentityCode } from '@/modules/clients/identity-code';
import { parseIban } from '@/modules/payments/iban';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { eurosToCents } from '@/modules/task-forms/money-input';
import { refuseIfAny } from '@/modules/task-forms/task-form-invalid';

export interface IntakeApplication {
  supportType: 'supplementary' | 'preventive';
  urgent: boolean;
  receivedOn: string;
  housingCostsCents: number;
  netIncomeCents: number;
  iban: string | null;
  electronicDeliveryConsent: boolean;
}

const one = (v: string | string[] | undefined) => String([v ?? ''].flat()[0] ?? '').trim();

export function readIntakeApplication(
  submitted: Submitted,
  problems: FieldError[],
  today: string = helsinkiToday(),
): IntakeApplication {
  const supportType = z.enum(['supplementary', 'preventive']).safeParse(one(submitted.supportType));
  if (!supportType.success) problems.push({ key: 'supportType', code: 'required' });
  const receivedOn = one(submitted.receivedOn) || today;
  if (!z.iso.date().safeParse(receivedOn).success)
    problems.push({ key: 'receivedOn', code: 'date' });
  else if (receivedOn > today) problems.push({ key: 'receivedOn', code: 'max', limit: today });
  const money = (key: string) => {
    const text = one(submitted[key]);
    if (text === '') return 0;
    const cents = eurosToCents(text);
    if (cents === null) problems.push({ key, code: 'number' });
    return cents ?? 0;
  };
  const housingCostsCents = money('housingCosts');
  const netIncomeCents = money('netIncome');
  const ibanText = one(submitted.iban);
  const parsedIban = ibanText ? parseIban(ibanText) : null;
  if (parsedIban && !parsedIban.ok) problems.push({ key: 'iban', code: 'pattern' });
  const iban = parsedIban?.ok ? parsedIban.iban : '';
  return {
    supportType: supportType.success ? supportType.data : 'supplementary',
    urgent: one(submitted.urgent) === 'on',
    receivedOn,
    housingCostsCents,
    netIncomeCents,
    iban: iban || null,
    electronicDeliveryConsent: one(submitted.electronicDeliveryConsent) === 'on',
  };
}

export function readIdentityCode(submitted: Submitted, problems: FieldError[]): string {
  const code = one(submitted.identityCode).toUpperCase();
  if (!code) problems.push({ key: 'identityCode', code: 'required' });
  else if (!isValidIdentityCode(code)) problems.push({ key: 'identityCode', code: 'pattern' });
  return code;
}

export { refuseIfAny };
