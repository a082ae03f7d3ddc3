// What every generated letter of a case needs: the case, its client and household (the
// recipient and address), the organisation's letterhead and the handling unit.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cases, clients, households, organisations, units } from '@/db/schema';
import type { LetterRecipient, OrganisationProfile } from '@/modules/documents/pdf';
import type { Locale } from '@/modules/i18n/locales';

export interface LetterContext {
  caseRow: typeof cases.$inferSelect;
  client: typeof clients.$inferSelect;
  locale: Locale;
  organisation: OrganisationProfile;
  organisationName: string;
  recipient: LetterRecipient;
}

export async function loadLetterContext(db: Database, caseId: string): Promise<LetterContext> {
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!caseRow) throw new Error(`case ${caseId} does not exist`);
  const [client] = await db.select().from(clients).where(eq(clients.id, caseRow.clientId));
  const [organisation] = await db
    .select()
    .from(organisations)
    .where(eq(organisations.id, caseRow.organisationId));
  if (!client || !organisation) throw new Error(`case ${caseId} has no client or organisation`);
  const [household] = client.householdId
    ? await db.select().from(households).where(eq(households.id, client.householdId))
    : [];
  const [unit] = caseRow.unitId
    ? await db.select().from(units).where(eq(units.id, caseRow.unitId))
    : [];
  const locale = client.preferredLocale;
  return {
    caseRow,
    client,
    locale,
    organisationName: organisation.name[locale],
    organisation: { name: organisation.name[locale], unit: unit?.name[locale], addressLines: [] },
    recipient: {
      name: `${client.firstNames} ${client.lastName}`,
      addressLines: household
        ? [household.streetAddress, `${household.postalCode} ${household.municipality}`]
        : [],
    },
  };
}
