// Shared by the browser tests and the screenshot capture: Debian's Chromium, headless, and the agent's gestures.
import { type Browser, chromium, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SF_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Logs in through the form; `open` first navigates to the login page (else fills the current one). */
export async function login(page: Page, base: string, email: string, password: string, open = true): Promise<void> {
  if (open) await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** DSFR draws checkboxes and radios with their label on top of the input: users (and we) click the label. */
export async function tick(page: Page, label: string | RegExp): Promise<void> {
  await page.locator('label', { hasText: label }).first().click();
}

export async function acceptConsent(page: Page): Promise<void> {
  await page.getByTestId('consent').waitFor();
  await tick(page, /J’ai pris connaissance/);
  await page.getByTestId('consent-accept').click();
}

/** Names on the rows of the current list, once it has loaded. */
export async function rowNames(page: Page): Promise<string[]> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="rows"][aria-busy="true"]'));
  return page.locator('[data-testid="row"] h3 a').allInnerTexts();
}

/** The top of the page only (header to the first blocks), for the README. */
export async function shotTop(page: Page, path: string, height = 1250): Promise<void> {
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width: 1280, height } });
}
