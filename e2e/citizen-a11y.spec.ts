// Accessibility sweep of the citizen e-service and the login page, in Finnish, Swedish and
// English: axe (WCAG 2.1 A and AA), and at a 390 px wide phone no sideways scrolling and no
// button whose text is cut off.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { LOCALES, type Locale } from '@/modules/i18n';
import {
  caseWithDeliveredLetter,
  freshApplicants,
  idpLogin,
  notifiedCase,
  type LetterCase,
} from './citizen-kit';
import { E2E_PORT } from './ports';

test.describe.configure({ mode: 'serial' });

const origin = `http://localhost:${E2E_PORT}`;
let citizen: BrowserContext;
let letterCase: LetterCase;
let decidedCase: LetterCase;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const [person] = await freshApplicants(1, 2);
  [letterCase, decidedCase] = await Promise.all([
    caseWithDeliveredLetter(person!.clientId),
    notifiedCase(person!.clientId),
  ]);
  citizen = await browser.newContext({ baseURL: origin });
  await idpLogin(await citizen.newPage(), 'fi', `hetu-${person!.identityCode}`);
});

test.afterAll(async () => {
  await citizen?.close();
});

const PAGES: {
  name: string;
  session: 'citizen' | 'none';
  path: (l: Locale) => string;
  /** A part the page must show, so the sweep checks the state it means to. */
  shows?: string;
}[] = [
  { name: 'login', session: 'none', path: (l) => `/${l}/login` },
  {
    name: 'login with an identification error',
    session: 'none',
    path: (l) => `/${l}/login?error=oidc_invalid_identity_code`,
    shows: '[data-testid="oidc-error"]',
  },
  {
    name: 'citizen home',
    session: 'citizen',
    path: (l) => `/${l}/citizen`,
    shows: '[data-testid="own-cases"]',
  },
  {
    name: 'own case with a request for information',
    session: 'citizen',
    path: (l) => `/${l}/citizen/cases/${letterCase.caseId}`,
    shows: 'textarea[name="message"]',
  },
  {
    name: 'own case with a decision and the request for reconsideration form',
    session: 'citizen',
    path: (l) => `/${l}/citizen/cases/${decidedCase.caseId}`,
    shows: 'textarea[name="appeal"]',
  },
  {
    name: 'a case that is not one’s own',
    session: 'citizen',
    path: (l) => `/${l}/citizen/cases/00000000-0000-4000-8000-000000000000`,
  },
];

async function openPage(session: 'citizen' | 'none', browser: import('@playwright/test').Browser) {
  const context = session === 'citizen' ? citizen : await browser.newContext({ baseURL: origin });
  return {
    page: await context.newPage(),
    close: () => (session === 'none' ? context.close() : undefined),
  };
}

/** Problems a phone user meets: sideways scrolling, and buttons or links cut short. */
async function narrowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const { scrollWidth } = document.documentElement;
    if (scrollWidth > window.innerWidth) {
      problems.push(`page is ${scrollWidth}px wide in a ${window.innerWidth}px window`);
      // name the innermost elements that stick out
      for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
        const sticksOut = (e: Element) => e.getBoundingClientRect().right > window.innerWidth + 1;
        if (sticksOut(el) && ![...el.children].some(sticksOut))
          problems.push(`too wide: ${el.outerHTML.slice(0, 120)}`);
      }
    }
    for (const el of document.querySelectorAll<HTMLElement>(
      'button, input[type="submit"], a.button, [role="button"]',
    )) {
      if (!el.offsetParent) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        problems.push(`clipped: ${el.outerHTML.slice(0, 120)}`);
      const box = el.getBoundingClientRect();
      if (box.right > window.innerWidth + 1 || box.left < -1)
        problems.push(`off screen: ${el.outerHTML.slice(0, 120)}`);
    }
    return problems;
  });
}

for (const locale of LOCALES) {
  for (const target of PAGES) {
    test(`${target.name} (${locale}) passes axe and fits a 390 px screen`, async ({ browser }) => {
      const { page, close } = await openPage(target.session, browser);
      try {
        await page.setViewportSize({ width: 1280, height: 900 });
        const response = await page.goto(target.path(locale));
        expect(response?.status()).toBeLessThan(500);
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        if (target.shows) await expect(page.locator(target.shows)).toBeVisible();
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze();
        expect(
          results.violations.map(
            (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`,
          ),
        ).toEqual([]);

        await page.setViewportSize({ width: 390, height: 844 });
        expect(await narrowProblems(page)).toEqual([]);
        const narrow = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze();
        expect(narrow.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      } finally {
        await page.close();
        await close();
      }
    });
  }
}
