import { notYet } from '../command.ts';

export default notYet(
  'serve',
  'run the web app and API',
  `Usage: sf serve [--port 3000] [--host 127.0.0.1] [--database-url URL]`,
  7,
  { port: { type: 'string' }, host: { type: 'string' }, 'database-url': { type: 'string' } },
);
