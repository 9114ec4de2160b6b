import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { addUser } from '../../app/auth/accounts.ts';
import { publish } from '../../app/publish/publish.ts';
import { createServer } from '../../app/server.ts';
import { openAppStore } from '../../app/store/store.ts';
import { SfError } from '../../common/errors.ts';
import { buildPanel } from '../../features/panel.ts';
import { writeModel } from '../../scoring/model-file.ts';
import { predict } from '../../scoring/predict.ts';
import { train } from '../../scoring/train.ts';
import { generate } from '../../synth/generate.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { importPaths } from '../../warehouse/import.ts';
import { type Command, int, str } from '../command.ts';
import { log, progress } from '../progress.ts';

/**
 * The demo economy: two regions, so that the national, regional and departmental accounts each see a
 * different part of it. Bourgogne-Franche-Comté (27) and Auvergne-Rhône-Alpes (84).
 */
const REGIONS = ['27', '84'];

/** One account per profile of the reference's users, each printed with its password. */
const PROFILES = [
  { email: 'national@demo.sf', roles: ['score', 'urssaf', 'dgefp', 'bdf'], zone: ['FR'], admin: false },
  { email: 'regional@demo.sf', roles: ['score', 'urssaf', 'dgefp', 'bdf'], zone: ['R27'], admin: false },
  { email: 'departemental@demo.sf', roles: ['score', 'dgefp', 'bdf'], zone: ['21'], admin: false },
  { email: 'admin@demo.sf', roles: ['score', 'urssaf', 'dgefp', 'bdf'], zone: ['FR'], admin: true },
];

async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  log(`▶ ${label}…`);
  const result = await work();
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

const command: Command = {
  name: 'demo',
  summary: 'run every stage on a synthetic economy and serve the app',
  help: `Usage: sf demo [--companies N] [--port P] [--host H] [--dir DIR] [--seed S]

generate → import → features → train → predict → publish → demo accounts → serve.
Everything goes to DIR (default ./data/demo, emptied first): the delivery, the analytical store
sf.duckdb, the model, and the embedded app store app/. The demo accounts are printed with their
passwords. To serve the same data again later:
  sf serve --database-url ./data/demo/app

Options:
  --companies N   companies in the synthetic economy (default 5000, regions 27 and 84)
  --seed S        seed of the economy (default 1)
  --port P        port of the web app (default 3000)
  --host H        address to listen on (default 127.0.0.1)
  --dir DIR       working directory of the demo (default ./data/demo)`,
  options: {
    companies: { type: 'string' },
    seed: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    dir: { type: 'string' },
  },
  async run({ values }) {
    const companies = int(values, 'companies', 5000);
    const seed = int(values, 'seed', 1);
    const port = int(values, 'port', 3000);
    const host = str(values, 'host') ?? '127.0.0.1';
    const dir = str(values, 'dir') ?? './data/demo';
    const started = Date.now();
    rmSync(dir, { recursive: true, force: true });
    const delivery = join(dir, 'delivery');

    await step(`generate ${companies.toLocaleString('en')} companies (regions ${REGIONS.join(', ')})`, async () => {
      const bar = progress('generate');
      await generate({ out: delivery, companies, seed, regions: REGIONS, onProgress: (d, t) => bar.update(d, t) });
      bar.done();
    });

    const wh = await Warehouse.open(join(dir, 'sf.duckdb'));
    // One app store for publishing, the accounts and the server (opened once: migrations run once).
    const store = await openAppStore(join(dir, 'app'));
    try {
      await step('import the delivery', async () => {
        const bar = progress('import');
        const r = await importPaths(wh, [delivery], {
          onFile: ({ index, total, path }) => bar.update(index, total, path),
        });
        bar.done();
        const failed = r.files.filter((f) => f.status === 'failed');
        if (failed.length) throw new SfError(`import failed: ${failed.map((f) => `${f.path}: ${f.error}`).join('; ')}`);
      });
      await step('build the monthly panel', () => buildPanel(wh));
      const model = await step('train, evaluate and calibrate', async () => {
        // A demo must start in minutes: one company-month in two above 130,000 labelled rows, 2 folds for the
        // settings search. `sf train` keeps its full defaults.
        const m = await train(wh, { seed, maxRows: 130_000, folds: 2, log: (message) => log(`  ${message}`) });
        writeModel(join(dir, 'model.json'), m);
        return m;
      });
      const scored = await step('score the latest month', () => predict(wh, model));
      log(`  ${scored.periode}: fort ${scored.volumes.fort}, modere ${scored.volumes.modere}`);
      await step('publish the detection list', () => publish(wh, store, { label: 'Liste de démonstration' }));
    } catch (e) {
      await store.close();
      throw e;
    } finally {
      wh.close();
    }

    const accounts = await step('create the demo accounts', async () => {
      const created = [];
      for (const p of PROFILES) {
        const password = randomBytes(9).toString('base64url');
        await addUser(store, { ...p, password });
        created.push({ ...p, password });
      }
      return created;
    });
    const app = await createServer({ store });
    await app.listen({ port, host });
    log(`\nSignaux Faibles demo ready in ${((Date.now() - started) / 1000).toFixed(0)} s: http://${host}:${port}/`);
    log('Demo accounts (email, password, roles, zone):');
    for (const a of accounts)
      log(
        `  ${a.email.padEnd(24)} ${a.password.padEnd(14)} ${a.roles.join(',')}${a.admin ? ' + admin' : ''}  ${a.zone.join(',')}`,
      );
    log(`Serve this data again later with: sf serve --database-url ${join(dir, 'app')}`);
    const stop = async () => {
      await app.close();
      await store.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => {});
    return 0;
  },
};

export default command;
