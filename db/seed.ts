// Demo data for a first start: one organisation, two units, one user per role, 50 clients in
// households, with valid identity codes across every century sign. Deterministic.
import { count } from 'drizzle-orm';
import type { Database } from './client';
import { clients, households, organisations, unitMemberships, units, users } from './schema';
import type { Role } from '@/modules/access/rules';
import { makeIdentityCode } from '@/modules/clients/identity-code';
import { hashPassword } from '@/modules/auth/verify-password-login';
import { seedRoutingRulesFromUnitAreas } from '@/modules/routing/routing-rules';

/** The password of every demo account. Demo data only: change or remove these accounts in production. */
export const DEMO_PASSWORD = 'Demo-salasana-2026';

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  units: ('north' | 'east')[];
  email: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'asiakas',
    displayName: 'Aino Asiakas',
    roles: ['citizen'],
    units: [],
    email: 'aino.asiakas@example.fi',
  },
  {
    username: 'ohjaaja',
    displayName: 'Olli Ohjaaja',
    roles: ['caseworker'],
    units: ['north'],
    email: 'olli.ohjaaja@demo.example',
  },
  {
    username: 'paattaja',
    displayName: 'Päivi Päättäjä',
    roles: ['decision_maker'],
    units: ['north'],
    email: 'paivi.paattaja@demo.example',
  },
  {
    username: 'tiiminvetaja',
    displayName: 'Tiina Tiiminvetäjä',
    roles: ['team_lead'],
    units: ['north'],
    email: 'tiina.tiiminvetaja@demo.example',
  },
  {
    username: 'prosessi',
    displayName: 'Pekka Prosessi',
    roles: ['process_manager'],
    units: [],
    email: 'pekka.prosessi@demo.example',
  },
  {
    username: 'arkisto',
    displayName: 'Arja Arkisto',
    roles: ['archivist'],
    units: [],
    email: 'arja.arkisto@demo.example',
  },
  {
    username: 'admin',
    displayName: 'Antti Admin',
    roles: ['admin'],
    units: [],
    email: 'antti.admin@demo.example',
  },
  {
    username: 'ohjaaja2',
    displayName: 'Ida Itä',
    roles: ['caseworker'],
    units: ['east'],
    email: 'ida.ita@demo.example',
  },
];

// A small deterministic generator so every first start gives the same people.
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Aino',
  'Eero',
  'Helmi',
  'Juhani',
  'Kaisa',
  'Lauri',
  'Minna',
  'Niilo',
  'Oona',
  'Pertti',
  'Riikka',
  'Sakari',
  'Tuula',
  'Ville',
  'Ella',
  'Oskari',
  'Linnea',
  'Elias',
  'Astrid',
  'Johan',
];
const LAST = [
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Nieminen',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Lehtonen',
  'Lindqvist',
  'Björklund',
  'Öhman',
  'Ström',
];
const STREETS = [
  'Kauppakatu',
  'Rantatie',
  'Koivukuja',
  'Asemakatu',
  'Myllypolku',
  'Åkervägen',
  'Kirkkotie',
];
const NORTH_POSTCODES = ['00100', '00120', '00140'];
const EAST_POSTCODES = ['00900', '00920', '00940'];

/** Every century sign appears at least once among the 50 people. */
const SIGN_PLAN: { sign: string; year: number }[] = [
  { sign: '+', year: 1899 },
  { sign: '-', year: 1948 },
  { sign: 'Y', year: 1955 },
  { sign: 'X', year: 1962 },
  { sign: 'W', year: 1971 },
  { sign: 'V', year: 1983 },
  { sign: 'U', year: 1990 },
  { sign: 'A', year: 2005 },
  { sign: 'B', year: 2008 },
  { sign: 'C', year: 2010 },
  { sign: 'D', year: 2012 },
  { sign: 'E', year: 2015 },
  { sign: 'F', year: 2019 },
];

function twentiethCenturySign(index: number): string {
  return ['-', 'Y', 'X', 'W', 'V', 'U'][index % 6]!;
}
function twentyFirstCenturySign(index: number): string {
  return ['A', 'B', 'C', 'D', 'E', 'F'][index % 6]!;
}

export async function isSeeded(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return (row?.n ?? 0) > 0;
}

export async function seedDemoData(db: Database): Promise<{ clients: number; users: number }> {
  const random = mulberry32(20261125);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organisations)
      .values({
        name: { fi: 'Demokaupunki', sv: 'Demostad', en: 'Demo City' },
        businessId: '0000000-0',
      })
      .returning();
    const [north, east] = await tx
      .insert(units)
      .values([
        {
          organisationId: org!.id,
          code: 'AIK-POHJOINEN',
          name: {
            fi: 'Aikuissosiaalityö, pohjoinen',
            sv: 'Socialt arbete för vuxna, norr',
            en: 'Adult social work, north',
          },
          areas: NORTH_POSTCODES,
        },
        {
          organisationId: org!.id,
          code: 'AIK-ITA',
          name: {
            fi: 'Aikuissosiaalityö, itä',
            sv: 'Socialt arbete för vuxna, öst',
            en: 'Adult social work, east',
          },
          areas: EAST_POSTCODES,
        },
      ])
      .returning();
    const unitByKey = { north: north!, east: east! };
    await seedRoutingRulesFromUnitAreas(tx, org!.id);

    // Households: an applicant, often a spouse, sometimes children, until there are 50 people.
    const people: (typeof clients.$inferInsert)[] = [];
    const usedCodes = new Set<string>();
    let signIndex = 0;
    let householdNo = 0;
    while (people.length < 50) {
      const isNorth = householdNo % 2 === 0;
      const unit = isNorth ? unitByKey.north : unitByKey.east;
      const postalCode = pick(isNorth ? NORTH_POSTCODES : EAST_POSTCODES);
      const [household] = await tx
        .insert(households)
        .values({
          streetAddress: `${pick(STREETS)} ${1 + Math.floor(random() * 60)} A ${1 + Math.floor(random() * 20)}`,
          postalCode,
          municipality: 'Demokaupunki',
        })
        .returning();
      const lastName = pick(LAST);
      const members: { role: 'applicant' | 'spouse' | 'child'; year: number; sign: string }[] = [];
      const planned = SIGN_PLAN[signIndex];
      if (planned && planned.year < 2000) {
        members.push({ role: 'applicant', year: planned.year, sign: planned.sign });
        signIndex += 1;
      } else {
        members.push({
          role: 'applicant',
          year: 1950 + Math.floor(random() * 50),
          sign: twentiethCenturySign(householdNo),
        });
      }
      if (random() < 0.5) {
        members.push({
          role: 'spouse',
          year: 1950 + Math.floor(random() * 50),
          sign: twentiethCenturySign(householdNo + 1),
        });
      }
      const children = random() < 0.5 ? 1 + Math.floor(random() * 3) : 0;
      for (let c = 0; c < children; c++) {
        const next = SIGN_PLAN[signIndex];
        if (next && next.year >= 2000) {
          members.push({ role: 'child', year: next.year, sign: next.sign });
          signIndex += 1;
        } else {
          members.push({
            role: 'child',
            year: 2000 + Math.floor(random() * 24),
            sign: twentyFirstCenturySign(householdNo + c),
          });
        }
      }
      for (const member of members) {
        if (people.length >= 50) break;
        let code: string;
        let birthDate: string;
        do {
          const month = 1 + Math.floor(random() * 12);
          const day = 1 + Math.floor(random() * 28);
          birthDate = `${member.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          code = makeIdentityCode(birthDate, member.sign, 2 + Math.floor(random() * 897));
        } while (usedCodes.has(code));
        usedCodes.add(code);
        people.push({
          identityCode: code,
          firstNames: `${pick(FIRST)} ${pick(FIRST)}`,
          lastName,
          birthDate,
          preferredLocale:
            lastName === 'Lindqvist' ||
            lastName === 'Björklund' ||
            lastName === 'Ström' ||
            lastName === 'Öhman'
              ? 'sv'
              : 'fi',
          householdId: household!.id,
          householdRole: member.role,
          responsibleUnitId: unit.id,
        });
      }
      householdNo += 1;
    }
    const insertedClients = await tx.insert(clients).values(people).returning();

    // The demo citizen is the first applicant of the north unit.
    const citizenClient = insertedClients.find(
      (c) => c.householdRole === 'applicant' && c.responsibleUnitId === unitByKey.north.id,
    )!;
    for (const demo of DEMO_USERS) {
      const [user] = await tx
        .insert(users)
        .values({
          username: demo.username,
          displayName: demo.roles.includes('citizen')
            ? `${citizenClient.firstNames.split(' ')[0]} ${citizenClient.lastName}`
            : demo.displayName,
          email: demo.email,
          passwordHash,
          roles: demo.roles,
          clientId: demo.roles.includes('citizen') ? citizenClient.id : null,
        })
        .returning();
      for (const key of demo.units) {
        await tx.insert(unitMemberships).values({ userId: user!.id, unitId: unitByKey[key].id });
      }
    }
    return { clients: insertedClients.length, users: DEMO_USERS.length };
  });
}
