// A refused task form: field-level codes the page shows next to each field, in the user's
// language. Thrown before anything is completed, so a refusal changes nothing.
import { AppError } from '@/modules/errors';
import type { FieldError } from './read-form-submission';

export class TaskFormInvalid extends AppError {
  constructor(readonly problems: FieldError[]) {
    super(
      'invalid_input',
      `task form invalid: ${problems.map((p) => `${p.key} ${p.code}`).join(', ')}`,
    );
    this.name = 'TaskFormInvalid';
  }
}

/** Throws when any problems were found. */
export function refuseIfAny(problems: FieldError[]): void {
  if (problems.length) throw new TaskFormInvalid(problems);
}
