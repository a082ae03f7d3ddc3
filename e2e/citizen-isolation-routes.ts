// Every route a logged-in citizen can send a request to, and how to aim it at a given person's
// data. citizen-isolation.spec.ts fires each probe with the other citizen's ids (and with the
// citizen's own, as a control); citizen-isolation-routes.test.ts fails when a route file under
// app/[locale]/citizen or app/api is missing from ROUTES. Adding a route: add one row.
//
// access:
//   citizen: the citizen's own route. Own ids must work (status `own`, default 200), the other
//            citizen's ids must give 403/404 with none of their data.
//   staff:   staff only. Refused to a citizen whoever's ids are used.
//   public:  reachable without login and holds no client data (listed only to be accounted for).

export interface Ids {
  locale: 'fi' | 'sv' | 'en';
  clientId: string;
  caseId: string;
  /** A letter or decision delivered to the client. */
  documentId: string;
  /** An open user task of the client's case (staff task routes). */
  taskKey: string;
  /** A scan batch (staff scan routes); scans do not belong to citizens. */
  batchId: string;
  /** The client's open draft of an online application. */
  draftId: string;
}

export interface Probe {
  /** What the probe does, for the test's name. */
  name: string;
  method: 'GET' | 'POST';
  path: (ids: Ids) => string;
  /** Request body: `pdf` is a small valid PDF; an object is sent as JSON. */
  body?: 'pdf' | Record<string, unknown>;
  /** A server action of this route file (by export name) invoked with these arguments. */
  action?: { exportedName: string; args: (ids: Ids) => unknown[]; form: Record<string, string> };
  /**
   * Expected status with the citizen's own ids (citizen routes); `false`: not sent with own ids
   * (an action that would change the citizen's own case; the spec has its own control for it).
   */
  own?: number | false;
}

export interface RouteRow {
  /** The route file, relative to app/. */
  file: string;
  access: 'citizen' | 'staff' | 'public';
  probes: Probe[];
}

const PDF_TYPE = { type: 'other', title: 'e2e', language: 'fi' };

export const ROUTES: RouteRow[] = [
  {
    file: '[locale]/citizen/page.tsx',
    access: 'citizen',
    // One's own home only: there is no id to swap; the page must not list the other's cases.
    probes: [{ name: 'home', method: 'GET', path: (ids) => `/${ids.locale}/citizen` }],
  },
  {
    file: '[locale]/citizen/cases/[caseId]/page.tsx',
    access: 'citizen',
    probes: [
      {
        name: 'case page',
        method: 'GET',
        path: (ids) => `/${ids.locale}/citizen/cases/${ids.caseId}`,
      },
    ],
  },
  {
    file: '[locale]/citizen/cases/[caseId]/actions.ts',
    access: 'citizen',
    probes: [
      {
        name: 'reply to the request for information',
        method: 'POST',
        path: (ids) => `/${ids.locale}/citizen/cases/${ids.caseId}`,
        action: {
          exportedName: 'replyAction',
          args: (ids) => [ids.locale, ids.caseId],
          form: { message: 'e2e isolation probe reply' },
        },
        own: false,
      },
      {
        name: 'request for reconsideration',
        method: 'POST',
        path: (ids) => `/${ids.locale}/citizen/cases/${ids.caseId}`,
        action: {
          exportedName: 'appealAction',
          args: (ids) => [ids.locale, ids.caseId],
          form: { appeal: 'e2e isolation probe appeal' },
        },
        own: false,
      },
    ],
  },
  {
    file: '[locale]/citizen/apply/page.tsx',
    access: 'citizen',
    // One's own draft only: no id to swap; the page must not show the other's draft.
    probes: [
      { name: 'application form', method: 'GET', path: (ids) => `/${ids.locale}/citizen/apply` },
    ],
  },
  {
    file: '[locale]/citizen/apply/receipt/[caseId]/page.tsx',
    access: 'citizen',
    probes: [
      {
        name: 'receipt',
        method: 'GET',
        path: (ids) => `/${ids.locale}/citizen/apply/receipt/${ids.caseId}`,
      },
    ],
  },
  {
    file: '[locale]/citizen/apply/actions.ts',
    access: 'citizen',
    probes: [
      {
        name: 'save into the draft',
        method: 'POST',
        path: (ids) => `/${ids.locale}/citizen/apply`,
        action: {
          exportedName: 'saveDraftAction',
          args: (ids) => [ids.draftId, { housing: { housingCosts: '1' } }, 'housing'],
          form: {},
        },
        own: false,
      },
      {
        name: 'send the draft',
        method: 'POST',
        path: (ids) => `/${ids.locale}/citizen/apply`,
        action: {
          exportedName: 'submitApplicationAction',
          args: (ids) => [ids.locale, ids.draftId],
          form: {},
        },
        own: false,
      },
    ],
  },
  {
    file: '[locale]/citizen/settings/page.tsx',
    access: 'citizen',
    // One's own settings only: no id to swap; the page must not show the other's.
    probes: [{ name: 'settings', method: 'GET', path: (ids) => `/${ids.locale}/citizen/settings` }],
  },
  {
    // These act on the session's own client whatever is sent; B's consent and address must
    // stay as they were (the footprint covers both).
    file: '[locale]/citizen/settings/actions.ts',
    access: 'citizen',
    probes: [
      {
        name: 'give consent to electronic delivery',
        method: 'POST',
        path: (ids) => `/${ids.locale}/citizen/settings`,
        action: {
          exportedName: 'consentAction',
          args: (ids) => [ids.locale],
          form: { given: 'true' },
        },
        own: false,
      },
      {
        name: 'set the e-mail address for notices',
        method: 'POST',
        path: (ids) => `/${ids.locale}/citizen/settings`,
        action: {
          exportedName: 'emailAction',
          args: (ids) => [ids.locale],
          form: { email: 'probe@example.fi' },
        },
        own: false,
      },
    ],
  },
  {
    file: 'api/citizen/uploads/route.ts',
    access: 'citizen',
    probes: [
      {
        name: 'upload for a reply to the case',
        method: 'POST',
        path: (ids) =>
          `/api/citizen/uploads?${new URLSearchParams({ purpose: 'information_reply', caseId: ids.caseId, title: 'e2e' })}`,
        body: 'pdf',
        own: 201,
      },
    ],
  },
  {
    file: 'api/documents/[documentId]/versions/[versionNo]/route.ts',
    access: 'citizen',
    probes: [
      {
        name: 'download',
        method: 'GET',
        path: (ids) => `/api/documents/${ids.documentId}/versions/1`,
      },
      {
        name: 'preview',
        method: 'GET',
        path: (ids) => `/api/documents/${ids.documentId}/versions/1?view=1`,
      },
      {
        name: 'a later version',
        method: 'GET',
        path: (ids) => `/api/documents/${ids.documentId}/versions/2`,
        own: 404,
      },
    ],
  },
  {
    file: 'api/documents/route.ts',
    access: 'staff',
    probes: [
      {
        name: 'upload to the client and case',
        method: 'POST',
        path: (ids) =>
          `/api/documents?${new URLSearchParams({ clientId: ids.clientId, caseId: ids.caseId, ...PDF_TYPE })}`,
        body: 'pdf',
      },
    ],
  },
  {
    file: 'api/clients/[clientId]/route.ts',
    access: 'staff',
    probes: [
      {
        name: 'client data',
        method: 'GET',
        path: (ids) => `/api/clients/${ids.clientId}?purpose=e2e%20isolation%20probe`,
      },
    ],
  },
  {
    file: 'api/scans/route.ts',
    access: 'staff',
    probes: [{ name: 'scan upload', method: 'POST', path: () => '/api/scans', body: 'pdf' }],
  },
  {
    file: 'api/scans/[batchId]/route.ts',
    access: 'staff',
    probes: [{ name: 'scan progress', method: 'GET', path: (ids) => `/api/scans/${ids.batchId}` }],
  },
  {
    file: 'api/tasks/[taskKey]/decision-preview/route.ts',
    access: 'staff',
    probes: [
      {
        name: 'decision preview',
        method: 'GET',
        path: (ids) => `/api/tasks/${ids.taskKey}/decision-preview`,
      },
      {
        name: 'decision preview of a form',
        method: 'POST',
        path: (ids) => `/api/tasks/${ids.taskKey}/decision-preview`,
        body: {},
      },
    ],
  },
  {
    file: 'api/tasks/[taskKey]/letter-preview/route.ts',
    access: 'staff',
    probes: [
      {
        name: 'letter preview of a form',
        method: 'POST',
        path: (ids) => `/api/tasks/${ids.taskKey}/letter-preview`,
        body: {},
      },
    ],
  },
  {
    file: 'api/worklist/events/route.ts',
    access: 'staff',
    probes: [{ name: 'queue events', method: 'GET', path: () => '/api/worklist/events' }],
  },
  // Staff pages that take a client's ids: a citizen session must not open them either.
  {
    file: '[locale]/staff/cases/[caseId]/page.tsx',
    access: 'staff',
    probes: [
      {
        name: 'case view',
        method: 'GET',
        path: (ids) => `/${ids.locale}/staff/cases/${ids.caseId}?reason=e2e%20isolation%20probe`,
      },
    ],
  },
  {
    file: '[locale]/staff/clients/[clientId]/page.tsx',
    access: 'staff',
    probes: [
      {
        name: 'client page',
        method: 'GET',
        path: (ids) => `/${ids.locale}/staff/clients/${ids.clientId}`,
      },
    ],
  },
  {
    file: '[locale]/staff/clients/[clientId]/documents/page.tsx',
    access: 'staff',
    probes: [
      {
        name: 'client documents',
        method: 'GET',
        path: (ids) => `/${ids.locale}/staff/clients/${ids.clientId}/documents`,
      },
    ],
  },
  {
    file: '[locale]/staff/tasks/[taskKey]/page.tsx',
    access: 'staff',
    probes: [
      { name: 'task', method: 'GET', path: (ids) => `/${ids.locale}/staff/tasks/${ids.taskKey}` },
    ],
  },
  {
    file: '[locale]/archive/documents/[documentId]/page.tsx',
    access: 'staff',
    probes: [
      {
        name: 'archived document',
        method: 'GET',
        path: (ids) => `/${ids.locale}/archive/documents/${ids.documentId}`,
      },
    ],
  },
  { file: 'api/auth/[...nextauth]/route.ts', access: 'public', probes: [] },
  { file: 'api/health/route.ts', access: 'public', probes: [] },
];
