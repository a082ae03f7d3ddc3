// Routing of new applications to a unit's queue by configurable rules (table routing_rules):
// postal-code prefix or range, or municipality, in priority order, with an optional default.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { ROUTING_RULE_KINDS, routingRules } from '@/db/paths-schema';
import { units } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Queryable = Database | Tx;

export interface RoutingRule {
  priority: number;
  kind: (typeof ROUTING_RULE_KINDS)[number];
  value: string | null;
  rangeEnd: string | null;
  unitId: string;
}

export interface RoutingAddress {
  postalCode: string;
  municipality: string;
}

const normaliseMunicipality = (name: string) => name.trim().toLocaleLowerCase('fi');

/** Whether one rule covers the address. Ranges compare codes of the range's own length. */
export function ruleMatches(rule: RoutingRule, address: RoutingAddress): boolean {
  const code = address.postalCode.trim();
  switch (rule.kind) {
    case 'default':
      return true;
    case 'postal_prefix':
      return rule.value !== null && code.startsWith(rule.value);
    case 'postal_range': {
      if (rule.value === null || rule.rangeEnd === null) return false;
      const head = code.slice(0, rule.value.length);
      return head.length === rule.value.length && head >= rule.value && head <= rule.rangeEnd;
    }
    case 'municipality':
      return (
        rule.value !== null &&
        normaliseMunicipality(rule.value) === normaliseMunicipality(address.municipality)
      );
  }
}

/** The unit of the first matching rule (lowest priority number; a tie keeps the given order). */
export function chooseUnit(rules: readonly RoutingRule[], address: RoutingAddress): string | null {
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);
  return ordered.find((rule) => ruleMatches(rule, address))?.unitId ?? null;
}

export async function loadRoutingRules(db: Queryable, organisationId: string) {
  return db
    .select()
    .from(routingRules)
    .where(eq(routingRules.organisationId, organisationId))
    .orderBy(asc(routingRules.priority), asc(routingRules.createdAt));
}

/** The unit for an address by the organisation's rules, or null when no rule matches. */
export async function routeByRules(
  db: Queryable,
  organisationId: string,
  address: RoutingAddress | null,
): Promise<string | null> {
  const rules = await loadRoutingRules(db, organisationId);
  // Without an address only a default rule can apply.
  const applicable = address ? rules : rules.filter((r) => r.kind === 'default');
  return chooseUnit(applicable, address ?? { postalCode: '', municipality: '' });
}

const postalPart = z.string().regex(/^\d{1,5}$/);

/** Problems with a rule; the UI shows `letters.routing.<error>` in the user's language. */
export type RoutingRuleError = 'postalCode' | 'range' | 'municipality' | 'unknownUnit' | 'invalid';

export const RoutingRuleInput = z.object({
  priority: z.number().int().min(0).max(1_000_000),
  kind: z.enum(ROUTING_RULE_KINDS),
  value: z.string().trim().max(100).nullish(),
  rangeEnd: z.string().trim().max(5).nullish(),
  unitCode: z.string().trim().min(1).max(100),
});
export type RoutingRuleInput = z.input<typeof RoutingRuleInput>;

function ruleError(rule: z.output<typeof RoutingRuleInput>): RoutingRuleError | null {
  if (rule.kind === 'postal_prefix' && !postalPart.safeParse(rule.value).success)
    return 'postalCode';
  if (rule.kind === 'postal_range') {
    const from = rule.value ?? '';
    const to = rule.rangeEnd ?? '';
    if (
      !postalPart.safeParse(from).success ||
      !postalPart.safeParse(to).success ||
      from.length !== to.length ||
      from > to
    )
      return 'range';
  }
  if (rule.kind === 'municipality' && !rule.value) return 'municipality';
  return null;
}

export type ReplaceRoutingRulesResult =
  { ok: true; count: number } | { ok: false; error: RoutingRuleError; index: number };

/**
 * Replaces an organisation's routing rules (administrators only). All rules are checked first;
 * one bad rule refuses the whole change and nothing is written.
 */
export async function replaceRoutingRules(
  db: Database,
  actor: LoadedActor,
  organisationId: string,
  input: RoutingRuleInput[],
): Promise<ReplaceRoutingRulesResult> {
  if (!actor.roles.includes('admin')) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      details: { resource: 'routing_rules', operation: 'replace' },
    });
    throw new AppError('forbidden', 'only administrators change routing rules');
  }
  const known = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(eq(units.organisationId, organisationId));
  const unitOf = new Map(known.map((u) => [u.code, u.id]));
  const rows: (typeof routingRules.$inferInsert)[] = [];
  for (const [index, raw] of input.entries()) {
    const parsed = RoutingRuleInput.safeParse(raw);
    if (!parsed.success) return { ok: false, error: 'invalid', index };
    const rule = parsed.data;
    const error = ruleError(rule);
    if (error) return { ok: false, error, index };
    const unitId = unitOf.get(rule.unitCode);
    if (!unitId) return { ok: false, error: 'unknownUnit', index };
    rows.push({
      organisationId,
      priority: rule.priority,
      kind: rule.kind,
      value: rule.kind === 'default' ? null : (rule.value ?? null),
      rangeEnd: rule.kind === 'postal_range' ? (rule.rangeEnd ?? null) : null,
      unitId,
    });
  }
  await db.transaction(async (tx) => {
    await tx.delete(routingRules).where(eq(routingRules.organisationId, organisationId));
    if (rows.length) await tx.insert(routingRules).values(rows);
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'config.update',
      details: { resource: 'routing_rules', count: rows.length },
    });
  });
  return { ok: true, count: rows.length };
}

/** Seeds rules from the units' served postal codes (the behaviour before rules existed). */
export async function seedRoutingRulesFromUnitAreas(db: Queryable, organisationId: string) {
  const all = await db
    .select()
    .from(units)
    .where(eq(units.organisationId, organisationId))
    .orderBy(asc(units.createdAt), asc(units.code));
  const rows = all.flatMap((unit) => unit.areas.map((code) => ({ unit, code })));
  if (!rows.length) return 0;
  await db.insert(routingRules).values(
    rows.map(({ unit, code }, index) => ({
      organisationId,
      priority: (index + 1) * 10,
      kind: 'postal_prefix' as const,
      value: code,
      unitId: unit.id,
    })),
  );
  return rows.length;
}
