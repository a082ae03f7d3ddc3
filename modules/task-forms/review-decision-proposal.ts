// The decision maker's review: approve, or return to drafting with comments. The four-eyes rule
// (the proposer never approves) is enforced by completeTask, whatever the page shows.
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { completeTask } from '@/modules/tasks/complete-task';
import type { FieldError, Submitted } from './read-form-submission';
import { refuseIfAny } from './task-form-invalid';

export async function reviewDecisionProposal(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
  submitted: Submitted,
): Promise<{ approved: boolean }> {
  const problems: FieldError[] = [];
  const verdict = z.enum(['approve', 'return']).safeParse([submitted.verdict].flat()[0]);
  const comments = String([submitted.approvalComments ?? ''].flat()[0])
    .replace(/\r\n/g, '\n')
    .trim();
  if (!verdict.success) problems.push({ key: 'verdict', code: 'required' });
  if (comments.length > 4000)
    problems.push({ key: 'approvalComments', code: 'maxLength', limit: 4000 });
  if (verdict.success && verdict.data === 'return' && !comments)
    problems.push({ key: 'approvalComments', code: 'comments_required' });
  refuseIfAny(problems);
  const approved = verdict.data === 'approve';
  await completeTask(db, engine, actor, userTaskKey, {
    approved,
    approvalComments: comments || null,
  });
  return { approved };
}
