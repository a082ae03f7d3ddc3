// Citizen A tries every citizen page, server action and API route (the table in
// citizen-isolation-routes.ts) with citizen B's ids: each must answer 403 or 404 with none of
// B's data and change nothing of B's. A's own ids work on A's routes (the probes reach their
// handlers), and staff routes refuse A whoever's ids are used.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type BrowserContext } from '@playwright/test';
import { E2E_PORT } from './ports';
import { t, withDb } from './helpers';
import {
  caseWithDeliveredLetter,
  freshApplicants,
  idpLogin,
  poll,
  type ClientInRegister,
  type LetterCase,
} from './citizen-kit';
import { PDFDocument } from 'pdf-lib';
import { ROUTES, type Ids, type Probe, type RouteRow } from './citizen-isolation-routes';

test.describe.configure({ mode: 'serial' });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const origin = `http://localhost:${E2E_PORT}`;

interface Citizen {
  person: ClientInRegister;
  letterCase: LetterCase;
  ids: Ids;
  context: BrowserContext;
}

let a: Citizen;
let b: Citizen;

/** What of B's must never show in A's responses (B's ids are A's input, echoed in URLs). */
function secretsOf(citizen: Citizen): string[] {
  const { person, letterCase } = citizen;
  return [
    `${person.firstNames} ${person.lastName}`,
    person.lastName,
    person.identityCode,
    letterCase.caseNumber,
    letterCase.letterTitle,
  ];
}

/** B's data that a probe could change. */
async function footprint(citizen: Citizen) {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT (SELECT status FROM cases WHERE id = $2) AS status,
              (SELECT count(*)::int FROM client_messages WHERE client_id = $1) AS messages,
              (SELECT count(*)::int FROM documents WHERE client_id = $1) AS documents,
              (SELECT count(*)::int FROM document_versions v JOIN documents d ON d.id = v.document_id
                WHERE d.client_id = $1) AS versions,
              (SELECT count(*)::int FROM deliveries WHERE client_id = $1) AS deliveries,
              (SELECT json_agg(json_build_object('data', data, 'at', updated_at, 'sent', submitted_at))
                 FROM application_drafts WHERE client_id = $1) AS drafts,
              (SELECT count(*)::int FROM electronic_delivery_consents WHERE client_id = $1)
                AS consents,
              (SELECT email FROM clients WHERE id = $1) AS email`,
      [citizen.ids.clientId, citizen.ids.caseId],
    );
    return rows[0] as Record<string, unknown>;
  });
}

function expectNoSecrets(body: string, label: string) {
  for (const secret of secretsOf(b))
    expect(body.includes(secret), `${label}: ${secret}`).toBe(false);
}

const actionIds: Record<string, string> = {};
/** Server action ids of this build, by file and export name (Next's server reference manifest). */
function actionId(file: string, exportedName: string): string {
  if (!Object.keys(actionIds).length) {
    const manifest = JSON.parse(
      readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8'),
    ) as { node: Record<string, { filename: string; exportedName: string }> };
    for (const [id, entry] of Object.entries(manifest.node))
      actionIds[`${entry.filename}#${entry.exportedName}`] = id;
  }
  const id = actionIds[`app/${file}#${exportedName}`];
  if (!id) throw new Error(`no server action ${exportedName} in app/${file}`);
  return id;
}

/** A small valid one-page PDF, so that an upload the route accepts is really stored. */
const PDF = PDFDocument.create().then(async (doc) => {
  doc.addPage([200, 200]);
  return Buffer.from(await doc.save());
});

/** Sends one probe aimed at `ids` with the given session. */
async function send(request: APIRequestContext, row: RouteRow, probe: Probe, ids: Ids) {
  const url = probe.path(ids);
  const common = { maxRedirects: 0, failOnStatusCode: false, timeout: 30_000 };
  if (probe.action) {
    // The wire format of a server action call (React's encodeReply): the FormData argument's
    // fields prefixed `_1_`, then the argument list as field 0 referring to it as `$K1`. Field 0
    // must come last: the server decodes it as soon as it arrives.
    const multipart = new FormData();
    for (const [key, value] of Object.entries(probe.action.form))
      multipart.append(`_1_${key}`, value);
    multipart.append('0', JSON.stringify([...probe.action.args(ids), '$K1']));
    return request.fetch(url, {
      ...common,
      method: 'POST',
      headers: {
        'Next-Action': actionId(row.file, probe.action.exportedName),
        Accept: 'text/x-component',
        Origin: origin,
      },
      multipart,
    });
  }
  const headers: Record<string, string> = probe.method === 'POST' ? { Origin: origin } : {};
  if (probe.body === 'pdf') headers['Content-Type'] = 'application/pdf';
  return request.fetch(url, {
    ...common,
    method: probe.method,
    headers,
    ...(probe.body === 'pdf' ? { data: await PDF } : probe.body ? { data: probe.body } : {}),
  });
}

async function citizen(
  browser: import('@playwright/test').Browser,
  person: ClientInRegister,
): Promise<Citizen> {
  const letterCase = await caseWithDeliveredLetter(person.clientId);
  const context = await browser.newContext({ baseURL: origin });
  await idpLogin(await context.newPage(), 'fi', `hetu-${person.identityCode}`);
  return {
    person,
    letterCase,
    context,
    ids: {
      locale: 'fi',
      clientId: person.clientId,
      caseId: letterCase.caseId,
      documentId: letterCase.letterDocumentId,
      taskKey: '0',
      batchId: '00000000-0000-4000-8000-000000000000',
      // an open draft of an online application, as the form would have saved it
      draftId: await withDb(
        async (db) =>
          (
            await db.query<{ id: string }>(
              `INSERT INTO application_drafts (client_id, data, step) VALUES ($1, '{}', 'housing')
               RETURNING id`,
              [person.clientId],
            )
          ).rows[0]!.id,
      ),
    },
  };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const people = await freshApplicants(2, 0);
  expect(people).toHaveLength(2);
  expect(people[0]!.lastName).not.toBe(people[1]!.lastName);
  [a, b] = (await Promise.all(people.map((p) => citizen(browser, p)))) as [Citizen, Citizen];

  // B replies through the e-service, so B's case also holds a reply.
  const page = await b.context.newPage();
  await page.goto(`/fi/citizen/cases/${b.ids.caseId}`);
  await page.getByLabel(t('fi').citizenCases.replyLabel).fill('B:n vastaus: tiliotteet tulossa.');
  await page.getByRole('button', { name: t('fi').citizenCases.replySend }).click();
  await expect(page.getByTestId('own-replies')).toContainText('B:n vastaus');

  // Staff routes get real keys: the open task of B's case (A's waits for A's reply, so A's
  // probes take some other open task), and a scan batch if there is one.
  b.ids.taskKey = await poll('an open task of B’s case', () =>
    withDb(
      async (db) =>
        (
          await db.query<{ key: string }>(
            `SELECT key::text FROM engine.user_tasks WHERE business_key = $1 AND state = 'CREATED'`,
            [b.ids.caseId],
          )
        ).rows[0]?.key,
    ),
  );
  await withDb(async (db) => {
    const { rows } = await db.query<{ key: string }>(
      `SELECT key::text FROM engine.user_tasks WHERE business_key <> $1 AND state = 'CREATED' LIMIT 1`,
      [b.ids.caseId],
    );
    a.ids.taskKey = rows[0]?.key ?? b.ids.taskKey;
    const batch = (await db.query<{ id: string }>('SELECT id FROM scan_batches LIMIT 1')).rows[0];
    if (batch) a.ids.batchId = b.ids.batchId = batch.id;
  });
});

test.afterAll(async () => {
  await a?.context.close();
  await b?.context.close();
});

for (const row of ROUTES.filter((r) => r.probes.length > 0)) {
  test(`${row.access} route ${row.file}`, async () => {
    const before = await footprint(b);
    const request = a.context.request;
    for (const probe of row.probes) {
      const label = `${row.file} ${probe.name}`;
      const sameUrl = probe.path(a.ids) === probe.path(b.ids) && !probe.action;
      if (row.access === 'staff' || probe.own !== false) {
        const own = await send(request, row, probe, a.ids);
        // the control: a citizen route reaches its handler, which serves A's own data;
        // a staff route refuses A even for A's own data
        if (row.access === 'citizen')
          expect(own.status(), `${label} (own ids)`).toBe(probe.own ?? 200);
        else expect([403, 404], `${label} (own ids)`).toContain(own.status());
        expectNoSecrets(await own.text(), `${label} (own ids)`);
      }

      const other = await send(request, row, probe, b.ids);
      const body = await other.text();
      if (!sameUrl && !probe.action) expect([403, 404], label).toContain(other.status());
      if (probe.action) {
        // refused actions send the citizen home, never to a "sent" confirmation
        expect(other.headers()['x-action-redirect'] ?? '', label).not.toContain('=sent');
        expect(other.headers()['x-action-redirect'] ?? '', label).not.toContain(b.ids.caseId);
      }
      expectNoSecrets(body, label);
    }
    expect(await footprint(b)).toEqual(before);
  });
}

test('the server action probes reach the action: A’s own reply is stored', async () => {
  const row = ROUTES.find((r) => r.file === '[locale]/citizen/cases/[caseId]/actions.ts')!;
  const probe = row.probes.find((p) => p.action?.exportedName === 'replyAction')!;
  const response = await send(a.context.request, row, probe, a.ids);
  expect(response.headers()['x-action-redirect']).toContain('reply=sent');
  const stored = await withDb(
    async (db) =>
      (
        await db.query(
          `SELECT body FROM client_messages WHERE case_id = $1 AND kind = 'information_reply'`,
          [a.ids.caseId],
        )
      ).rows,
  );
  expect(stored).toContainEqual({ body: 'e2e isolation probe reply' });
});

test('A’s own pages show A’s data and none of B’s', async () => {
  const page = await a.context.newPage();
  await page.goto('/fi/citizen');
  await expect(page.getByTestId('own-cases')).toContainText(a.letterCase.caseNumber);
  await page.goto(`/fi/citizen/cases/${a.ids.caseId}`);
  await expect(page.getByTestId('own-letters')).toContainText(a.letterCase.letterTitle);
  for (const secret of secretsOf(b)) expect(await page.content()).not.toContain(secret);
});
