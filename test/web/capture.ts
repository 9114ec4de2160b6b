// Refreshes the README screenshots from a running server (e.g. `npm start`, the demo):
//   node --import tsx test/web/capture.ts http://127.0.0.1:3000 <email> <password> [docs/screenshots]
// The account should see a full list (a national or regional demo account).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { acceptConsent, launchChromium, login, rowNames, shotTop } from './browser.ts';

const [base, email, password, out = 'docs/screenshots'] = process.argv.slice(2);
if (!base || !email || !password) {
  console.error('usage: node --import tsx test/web/capture.ts URL EMAIL PASSWORD [OUT_DIR]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  page.setDefaultTimeout(30_000);
  await login(page, base, email, password);
  await acceptConsent(page);
  await page.waitForURL(/\/listes/);
  await rowNames(page);
  await shotTop(page, join(out, 'listes.png'));
  await page.locator('[data-testid="row"] h3 a').first().click();
  await page.locator('#detection').waitFor();
  await page.waitForLoadState('networkidle');
  await shotTop(page, join(out, 'entreprise.png'));
  await page.goto(`${base}/carte`);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(out, 'carte.png'), fullPage: true });
  console.log(`screenshots written to ${out}: listes.png, entreprise.png, carte.png`);
} finally {
  await browser.close();
}
