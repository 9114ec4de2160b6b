/** Child process of bench/api.bench.ts: serves the app store given as argument on a free loopback port. */
import { createServer } from '../src/app/server.ts';
import { openAppStore } from '../src/app/store/store.ts';

const store = await openAppStore(process.argv[2]);
const app = await createServer({ store, webDist: '/nonexistent' });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
process.stdout.write(`${typeof addr === 'object' && addr ? addr.port : 0}\n`);
process.on('SIGTERM', async () => {
  await app.close();
  await store.close();
  process.exit(0);
});
