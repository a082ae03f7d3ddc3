// The request for additional information: the items asked for, details for the client and the
// reply time (default 7 days). The same rules as the letter itself, checked before completing,
// so the letter job never fails on what the caseworker chose.
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { DEFAULT_REPLY_DAYS } from '@/modules/cases/information-request';
import { MISSING_ITEMS } from '@/modules/letters/create-information-request-letter';
import { completeTask } from '@/modules/tasks/complete-task';
import type { FieldError, Submitted } from './read-form-submission';
import { refuseIfAny } from './task-form-invalid';

export interface InformationRequestChoice {
  missingItems: (typeof MISSING_ITEMS)[number][];
  missingItemsText: string | null;
  replyDays: number;
}

/** Reads and checks the choice; throws TaskFormInvalid with every problem found. */
export function readInformationRequest(submitted: Submitted): InformationRequestChoice {
  const problems: FieldError[] = [];
  const items = [...new Set([submitted.missingItems ?? []].flat())];
  const parsedItems = z.array(z.enum(MISSING_ITEMS)).safeParse(items);
  if (!parsedItems.success) problems.push({ key: 'missingItems', code: 'option' });
  else if (!items.length) problems.push({ key: 'missingItems', code: 'required' });
  const text = String([submitted.missingItemsText ?? ''].flat()[0])
    .replace(/\r\n/g, '\n')
    .trim();
  if (text.length > 2000)
    problems.push({ key: 'missingItemsText', code: 'maxLength', limit: 2000 });
  if (items.includes('other') && !text)
    problems.push({ key: 'missingItemsText', code: 'other_needs_text' });
  const daysText = String([submitted.replyDays ?? ''].flat()[0]).trim();
  const days = daysText === '' ? DEFAULT_REPLY_DAYS : Number(daysText);
  if (!/^\d+$/.test(daysText || String(DEFAULT_REPLY_DAYS)) || !Number.isInteger(days))
    problems.push({ key: 'replyDays', code: 'number' });
  else if (days < 1) problems.push({ key: 'replyDays', code: 'min', limit: 1 });
  else if (days > 60) problems.push({ key: 'replyDays', code: 'max', limit: 60 });
  refuseIfAny(problems);
  return {
    missingItems: parsedItems.data!,
    missingItemsText: text || null,
    replyDays: days,
  };
}

export async function submitInformationRequest(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
  submitted: Submitted,
): Promise<InformationRequestChoice> {
  const choice = readInformationRequest(submitted);
  await completeTask(db, engine, actor, userTaskKey, {
    missingItems: choice.missingItems,
    missingItemsText: choice.missingItemsText,
    replyDays: choice.replyDays,
    // The letter is signed in the requester's name.
    requestedBy: actor.userId,
  });
  return choice;
}
