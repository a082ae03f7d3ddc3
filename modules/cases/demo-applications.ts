// Demo applications for a fresh system (`npm start`): a few applications from each channel for
// clients of both units, started through the same application process as real ones, so the
// work queues, the case view and the service paths have something to show.
import { asc, count, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cases, clients, units } from '@/db/schema';
import type { Engine } from '@/engine';
import { addDays } from '@/modules/calendar/finnish-calendar';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { submitApplication } from './submit-application';

/** Valid Finnish IBANs for demo use (check digits correct; not real accounts). */
const DEMO_IBANS = ['FI2112345600000785', 'FI5542345670000081', 'FI4950009420028730'];

const PLAN = [
  { unit: 'AIK-POHJOINEN', channel: 'eservice', ageDays: 0, urgent: false, consent: true },
  { unit: 'AIK-POHJOINEN', channel: 'paper', ageDays: -2, urgent: false, consent: false },
  { unit: 'AIK-POHJOINEN', channel: 'oral', ageDays: -5, urgent: false, consent: false },
  { unit: 'AIK-POHJOINEN', channel: 'eservice', ageDays: 0, urgent: true, consent: true },
  { unit: 'AIK-ITA', channel: 'eservice', ageDays: -1, urgent: false, consent: true },
  { unit: 'AIK-ITA', channel: 'paper', ageDays: -3, urgent: false, consent: false },
] as const;

/** Submits the demo applications once (when there are no cases yet); returns how many. */
export async function submitDemoApplications(
  db: Database,
  engine: Engine,
  now: Date = new Date(),
): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(cases);
  if ((existing?.n ?? 0) > 0) return 0;
  const today = helsinkiToday(now);
  const used = new Set<string>();
  let submitted = 0;
  for (const [i, plan] of PLAN.entries()) {
    const candidates = await db
      .select({ id: clients.id })
      .from(clients)
      .innerJoin(units, eq(units.id, clients.responsibleUnitId))
      .where(eq(units.code, plan.unit))
      .orderBy(asc(clients.lastName), asc(clients.firstNames));
    const client = candidates.find((c) => !used.has(c.id));
    if (!client) continue;
    used.add(client.id);
    await submitApplication(
      db,
      engine,
      { userId: null, displayName: 'demo' },
      {
        clientId: client.id,
        channel: plan.channel,
        supportType: 'supplementary',
        urgent: plan.urgent,
        receivedOn: addDays(today, plan.ageDays),
        applicationData: {
          housingCostsCents: 52000 + i * 3500,
          netIncomeCents: i % 2 ? 0 : 41000,
          iban: DEMO_IBANS[i % DEMO_IBANS.length],
          electronicDeliveryConsent: plan.consent,
        },
      },
    );
    submitted++;
  }
  return submitted;
}
