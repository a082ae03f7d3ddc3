import 'server-only';
import { asc } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { units } from '@/db/schema';
import { STAFF_ROLES } from '@/modules/access/rules';
import type { Locale } from '@/modules/i18n/locales';

export async function unitOptions(locale: Locale) {
  const rows = await getDb().select().from(units).orderBy(asc(units.code));
  return rows.map((u) => ({ id: u.id, name: u.name[locale] }));
}

export const assignableRoles = [...STAFF_ROLES];
