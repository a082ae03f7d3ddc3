// Which user-task candidate groups a staff member belongs to: derived from their roles and
// unit memberships (the models use `unit:<code>`, `decision-makers:<code>`, `archivists`).
import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { units } from '@/db/schema';
import type { Actor } from '@/modules/access/rules';
import { decisionMakerGroupOf, unitGroupOf } from '@/modules/cases/register-application';

export async function candidateGroupsOf(db: Database, actor: Actor): Promise<string[]> {
  const groups = new Set<string>();
  const codes = actor.unitIds.length
    ? (
        await db
          .select({ code: units.code })
          .from(units)
          .where(inArray(units.id, [...actor.unitIds]))
      ).map((u) => u.code)
    : [];
  for (const code of codes) {
    if (actor.roles.some((r) => r === 'caseworker' || r === 'team_lead'))
      groups.add(unitGroupOf(code));
    if (actor.roles.some((r) => r === 'decision_maker' || r === 'team_lead'))
      groups.add(decisionMakerGroupOf(code));
  }
  if (actor.roles.includes('archivist')) groups.add('archivists');
  return [...groups].sort();
}
