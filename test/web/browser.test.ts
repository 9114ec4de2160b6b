// The agents' web app in a real browser (Debian's Chromium through playwright-core) against the real server:
// Fastify API of src/app over a PGlite store, two lists published from a small hand-made analytical store.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/app/auth/accounts.ts';
import { publish } from '../../src/app/publish/publish.ts';
import { createServer } from '../../src/app/server.ts';
import { addPredictions, CO, scratchStore, standardWarehouse, tempDir } from '../app/fixture.ts';
import * as shared from './browser.ts';

const ART = resolve('test/_artifacts/web');
const PASSWORD = 'mot-de-passe-de-test-1';
const USERS = {
  national: { email: 'national@urssaf.fr', roles: ['score', 'urssaf', 'dgefp', 'bdf'], zone: ['FR'] },
  departemental: { email: 'ddets21@travail.gouv.fr', roles: ['score', 'dgefp'], zone: ['21'] },
  admin: { email: 'admin@signaux-faibles.fr', roles: ['score'], zone: ['FR'], admin: true },
};

let base = '';
let server: FastifyInstance;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dropStore: () => Promise<void>;
let rmTemp: () => void;
const dist = join(tmpdir(), `sf-web-dist-${process.pid}`);
const external: string[] = [];
const consoleErrors: string[] = [];
let expiring = false; // while the test expires the session on purpose, 401 answers are expected

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
}

async function axe(name: string): Promise<void> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const r = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected in the page
    const res = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  })) as { id: string; impact: string; targets: string[] }[];
  const serious = r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious)}`).toEqual([]);
}

// Generous: the machine running the tests may be busy; a failing condition still fails after 15 s.
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const login = (email: string, open = true) => shared.login(page, base, email, PASSWORD, open);
const tick = (label: string | RegExp) => shared.tick(page, label);
const acceptConsent = () => shared.acceptConsent(page);
const rowNames = () => shared.rowNames(page);
const shotTop = (name: string) => shared.shotTop(page, join(ART, `${name}.png`));

beforeAll(async () => {
  rmSync(ART, { recursive: true, force: true });
  mkdirSync(ART, { recursive: true });
  await build({
    configFile: resolve('web/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dist, emptyOutDir: true },
  });

  const t = tempDir();
  rmTemp = t.rm;
  const wh = await standardWarehouse(t.dir);
  const s = await scratchStore('pglite');
  dropStore = s.drop;
  await publish(wh, s.store, { label: 'Mai 2024' });
  await addPredictions(wh, 'm2', '2024-06', { [CO.alpha.siren]: 'fort', [CO.beta.siren]: 'modere' });
  await publish(wh, s.store, { label: 'Juin 2024' });
  await wh.close();
  for (const u of Object.values(USERS)) await addUser(s.store, { ...u, password: PASSWORD });
  server = await createServer({ store: s.store, webDist: dist });
  base = await server.listen({ port: 0, host: '127.0.0.1' });

  browser = await shared.launchChromium();
  // bypassCSP only so that axe-core can be injected; the app itself runs under the server's CSP otherwise.
  context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
    locale: 'fr-FR',
  });
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1' || u.hostname === 'localhost')
      return route.continue();
    external.push(u.href);
    return route.abort();
  });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Before login the app asks GET /api/me, which answers 401 by contract; Chromium logs that as an error.
    if (/status of 401/.test(m.text()) && (expiring || m.location().url.endsWith('/api/me'))) return;
    consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await dropStore?.();
  rmTemp?.();
  rmSync(dist, { recursive: true, force: true });
});

describe('the built front end', () => {
  it('bundles fonts and icons and references no external host', () => {
    const files = readdirSync(join(dist, 'assets'));
    expect(files.some((f) => /^Marianne-Regular.*\.woff2$/.test(f))).toBe(true);
    // The HTML and the CSS load nothing from elsewhere; what the JS loads is checked in the browser below.
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const f of files.filter((f) => f.endsWith('.css'))) {
      const css = readFileSync(join(dist, 'assets', f), 'utf8');
      expect(css).not.toMatch(/url\(\s*["']?(https?:)?\/\//);
      expect(css).not.toMatch(/@import/);
    }
  });
});

describe('agents in a real browser', () => {
  it('logs in, accepts the confidentiality notice and lands on the latest detection list', async () => {
    await page.goto(`${base}/listes`);
    await page.waitForURL(/\/connexion/);
    await shot('connexion');
    await axe('connexion');
    await login(USERS.national.email);
    await acceptConsent();
    await page.waitForURL(/\/listes/);
    // One row per establishment in the zone: ALPHA has two (21 and 75).
    await poll(() => rowNames()).toEqual(['ALPHA INDUSTRIE', 'ALPHA INDUSTRIE', 'BETA TRANSPORTS']);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Juin 2024');
    expect(await page.getByTestId('nb-fort').innerText()).toBe('2');
    expect(await page.getByTestId('nb-modere').innerText()).toBe('1');
    // Public accounts (2022 statements, the latest available in June 2024) and both pictograms (all roles)
    const first = page.getByTestId('row').first();
    expect(await first.innerText()).toMatch(/CA\s+900\s*k€/);
    expect(await first.innerText()).toMatch(/EBE\s+80\s*k€/);
    const rowImg = (name: string) => page.getByTestId('row').getByRole('img', { name, exact: true });
    expect(await rowImg('Activité partielle autorisée dans les 12 derniers mois').count()).toBe(3);
    expect(await rowImg('Dette URSSAF en hausse sur 3 mois').count()).toBe(3);
    await shot('listes');
    await shotTop('readme-listes');
    await axe('listes');
    // Keyboard: on a fresh page the first Tab reaches the skip link; after an in-app navigation the focus is on
    // the content.
    await page.reload();
    await rowNames();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Contenu');
    // (the focused skip-link bar collapses on blur and would move the link under the mouse: leave it first)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.getByRole('link', { name: 'Aide', exact: true }).click();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('contenu');
    await page.goBack();
    await rowNames();
  });

  it('is usable on a phone: no horizontal scrolling, filters behind a button', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.locator('[data-testid="row"]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await page.locator('#filters-panel').isVisible()).toBe(false);
    await page.getByRole('button', { name: /^Filtres/ }).click();
    expect(await page.locator('#filters-panel').isVisible()).toBe(true);
    await shot('listes-mobile');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes suivis' }).waitFor();
    await page.getByRole('button', { name: 'Fermer' }).first().click();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
  });

  it('filters the list (zone, sector), remembers the filters per user and shows the active filters', async () => {
    await page.getByLabel('Zone', { exact: true }).selectOption('13');
    await poll(() => rowNames()).toEqual(['BETA TRANSPORTS']);
    await tick('H – Transports et entreposage');
    await poll(() => rowNames()).toEqual([]);
    await expect(page.getByText('Aucune entreprise ne correspond')).toBeTruthy();
    await page.reload();
    await poll(() => page.getByLabel('Zone', { exact: true }).inputValue()).toBe('13');
    expect(await page.getByLabel('H – Transports et entreposage').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Réinitialiser les filtres' }).click();
    await poll(() => rowNames()).toHaveLength(3);
    await page.getByLabel('Filtrer par nom ou SIRET').fill('bet');
    await poll(() => rowNames()).toEqual(['BETA TRANSPORTS']);
    await page.getByLabel('Filtrer par nom ou SIRET').fill('');
    await poll(() => rowNames()).toHaveLength(3);
  });

  it('exports the filtered list as CSV and XLSX (files downloaded and parsed)', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text).toContain('ALPHA INDUSTRIE');
    expect(text).toContain('BETA TRANSPORTS');
    expect(text.split(/\r?\n/).filter(Boolean).length).toBe(4); // header + 3 establishments
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await xlsx.path());
    const cells: string[] = [];
    wb.worksheets[0].eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('ALPHA INDUSTRIE');
  });

  it('opens a company card with the waterfall and the reasons, follows it with a reason and comments', async () => {
    await page.getByRole('link', { name: 'ALPHA INDUSTRIE' }).first().click();
    await page.waitForURL(/\/entreprises\/111111111$/);
    const wf = page.getByTestId('waterfall');
    await wf.waitFor();
    expect(await wf.locator('[data-kind="up"]').count()).toBe(2); // dettes sociales, effectif
    expect(await wf.locator('[data-kind="total"]').count()).toBe(1);
    expect(await page.getByTestId('probability').innerText()).toMatch(/^80,0\s%$/);
    expect(await page.getByTestId('reasons').innerText()).toContain('Les dettes sociales représentent 1,7 mois');
    await shot('entreprise');
    await shotTop('readme-entreprise');
    await axe('entreprise');

    await page.getByTestId('follow').click();
    await tick('Contact par l’entreprise ou un partenaire direct');
    await page.locator('#follow-comment').fill('Le dirigeant a appelé la DDETS.');
    await page.getByRole('dialog').getByRole('button', { name: 'Suivre', exact: true }).click();
    await page.getByTestId('unfollow').waitFor();
    expect(await page.locator('h1 .sf-star').count()).toBe(1);

    await page.getByLabel('Nouveau commentaire').fill('Rendez-vous prévu le 3 décembre.');
    await page.getByRole('button', { name: 'Publier le commentaire' }).click();
    await poll(() => page.getByTestId('comments').innerText()).toContain('Rendez-vous prévu le 3 décembre.');

    await page.getByRole('link', { name: 'Mes suivis' }).click();
    await page.getByRole('link', { name: 'ALPHA INDUSTRIE' }).waitFor();
    expect(await page.locator('main table').innerText()).toContain('Contact par l’entreprise');
    await shot('suivis');
    await axe('suivis');
    const [suivis] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-suivis').click()]);
    const lines = readFileSync(await suivis.path(), 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0].split(';')).toEqual([
      'SIREN',
      'SIRET',
      'Raison sociale',
      'Département',
      'Motif',
      'Commentaire',
      'Suivi depuis',
      'Dernière alerte',
    ]);
    expect(lines[1]).toMatch(/^111111111;11111111100011;ALPHA INDUSTRIE;21;Contact par l’entreprise/);
  });

  it('shows an establishment card, the search, the map and the help page', async () => {
    await page.goto(`${base}/etablissements/${CO.alpha.sirets[0]}`);
    await page.getByTestId('waterfall').waitFor();
    await shot('etablissement');
    await axe('etablissement');

    await page.getByRole('link', { name: 'Recherche', exact: true }).click();
    await page.getByLabel('Nom, SIREN ou SIRET').fill('gamma');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await poll(() => rowNames()).toEqual(['GAMMA BOULANGERIE']);
    await shot('recherche');
    await axe('recherche');

    await page.getByRole('link', { name: 'Carte', exact: true }).click();
    const dep13 = page.locator('[data-testid="map"] a[data-dep="13"]');
    await poll(() => dep13.getAttribute('aria-label')).toContain('1 alerte');
    await shot('carte');
    await axe('carte');
    await dep13.click();
    await page.waitForURL(/\/listes/);
    await poll(() => rowNames()).toEqual(['BETA TRANSPORTS']);
    await page.getByRole('button', { name: 'Réinitialiser les filtres' }).click();

    await page.goto(`${base}/aide`);
    await page.getByRole('heading', { name: /Qualité du modèle/ }).waitFor();
    await poll(() => page.getByTestId('model-card').innerText()).toContain('gradient boosting');
    await shot('aide');
    await axe('aide');
  });

  it('a departmental user without the URSSAF role sees only companies of the rule, and padlocks elsewhere', async () => {
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/connexion/);
    await login(USERS.departemental.email);
    await acceptConsent();
    await page.waitForURL(/\/listes/);
    await poll(() => rowNames()).toEqual(['ALPHA INDUSTRIE']);
    expect(await page.getByTestId('total').innerText()).toBe('1');
    // dgefp but not urssaf: the partial-activity pictogram only
    const row = page.getByTestId('row');
    expect(await row.getByRole('img', { name: 'Activité partielle autorisée dans les 12 derniers mois' }).count()).toBe(
      1,
    );
    expect(await row.getByRole('img', { name: /URSSAF/ }).count()).toBe(0);
    expect(await row.innerText()).toMatch(/CA\s+900\s*k€/);
    await page.getByLabel('Filtrer par nom ou SIRET').fill('beta');
    await poll(() => rowNames()).toEqual([]);

    // BETA (department 13) is outside the zone: identity is public, its confidential blocks are locked.
    await page.goto(`${base}/entreprises/${CO.beta.siren}`);
    await page.getByRole('heading', { name: 'BETA TRANSPORTS' }).waitFor();
    const locked = page.locator('[data-locked="true"]');
    await poll(() => locked.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#detection [data-locked="true"]').innerText()).toContain('Déverrouiller');
    expect(await page.locator('#urssaf [data-locked="true"]').innerText()).toContain('ne comprend pas le rôle URSSAF');
    expect(await page.locator('#detection').innerText()).not.toMatch(/Probabilité de défaillance/);
    await shot('fiche-verrouillee');
    await axe('fiche-verrouillee');

    // In its own zone, ALPHA's detection is open but URSSAF stays locked (no role).
    await page.goto(`${base}/entreprises/${CO.alpha.siren}`);
    await page.getByTestId('waterfall').waitFor();
    await page.locator('#urssaf [data-locked="true"]').waitFor();
  });

  it('shows the session-expired dialog when the session ends, and brings the agent back after login', async () => {
    await page.goto(`${base}/suivis`);
    await page.getByRole('heading', { name: 'Mes suivis' }).waitFor();
    expiring = true;
    await context.clearCookies();
    await page.getByRole('link', { name: 'Carte', exact: true }).click();
    await page.getByRole('dialog', { name: 'Session expirée' }).waitFor();
    await page.getByTestId('reconnect').click();
    await page.waitForURL(/\/connexion\?redirect=/);
    expiring = false;
    await login(USERS.departemental.email, false);
    await page.waitForURL(/\/carte$/);
  });

  it('an admin manages accounts and reads the audit log', async () => {
    await page.getByTestId('logout').click();
    await login(USERS.admin.email);
    await acceptConsent();
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('cell', { name: USERS.departemental.email, exact: true }).first().waitFor();
    await shot('admin');
    await axe('admin');
    await page.getByLabel('Adresse électronique').fill('nouvel.agent@dgfip.finances.gouv.fr');
    await page.getByLabel(/Mot de passe initial/).fill('un-mot-de-passe-solide');
    await page.getByLabel(/^Zone/).fill('21, R27');
    await tick('dgefp');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    const row = page.getByRole('row').filter({ hasText: 'nouvel.agent@dgfip.finances.gouv.fr' });
    await poll(() => row.innerText()).toContain('score, dgefp');
    await row.getByRole('button', { name: /^Désactiver/ }).click();
    await poll(() => row.innerText()).toContain('Désactivé');
    await page.getByRole('tab', { name: 'Journal d’audit' }).click();
    await poll(() => page.locator('main table').innerText()).toContain(USERS.national.email);
    await page.getByRole('tab', { name: 'Statistiques d’usage' }).click();
    await page.getByRole('button', { name: 'Afficher' }).waitFor();
  });

  it('made no request to a non-loopback host and logged no console error', () => {
    expect(external).toEqual([]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
