// Which user-task candidate groups a staff member belongs to: derived from their roles and
// unit memberships (the models use `unit:<code>`, `decision-makers:<code>`, `archivists`).
import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { units } from '@/db/schema';
import type { Actor, Role } from '@/modules/access/rules';
import { decisionMakerGroupOf, unitGroupOf } from '@/modules/cases/register-application';

export async function candidateGroupsOf(db: Database, actor: Actor): Promise<string[]> {
  const codes = actor.unitIds.length
    ? (
        await db
          .select({ code: units.code })
          .from(units)
          .where(inArray(units.id, [...actor.unitIds]))
      ).map((u) => u.code)
    : [];
  return candidateGroupsFor(actor.roles, codes);
}

/** The same rule without the database: roles and the codes of the units one belongs to. */
export function candidateGroupsFor(roles: readonly Role[], unitCodes: readonly string[]): string[] {
  const groups = new Set<string>();
  for (const code of unitCodes) {
    if (roles.some((r) => r === 'caseworker' || r === 'team_lead')) groups.add(unitGroupOf(code));
    if (roles.some((r) => r === 'decision_maker' || r === 'team_lead'))
      groups.add(decisionMakerGroupOf(code));
  }
  if (roles.includes('archivist')) groups.add('archivists');
  return [...groups].sort();
}
