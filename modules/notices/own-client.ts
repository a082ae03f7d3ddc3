// The citizen's own client id; the notice settings are personal (no household member's).
import type { LoadedActor } from '@/modules/access/load-actor';
import { AppError } from '@/modules/errors';

export function ownClientId(actor: LoadedActor): string {
  if (!actor.roles.includes('citizen') || !actor.clientId)
    throw new AppError('forbidden', 'the e-service is for citizens linked to the client register');
  return actor.clientId;
}
