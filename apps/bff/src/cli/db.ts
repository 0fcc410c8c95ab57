// npm run db -- copy --from <sqlite file> --to <postgres://…>: moves an installation's store to PostgreSQL.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copyStore } from '../store/copy-store.ts';
import { openStore } from '../store/db.ts';

const USAGE = `Usage: npm run db -- copy --from <SQLite file, or sqlite:path> --to <postgres://… of an empty database>
Copies accounts, sessions, the audit log and jobs with their ids, in one transaction (nothing is written on failure).
Stop every console process first: a process writing meanwhile would lose what it writes.`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      strict: true,
      options: { from: { type: 'string' }, to: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const from = values.from?.replace(/^sqlite:/, '');
  const to = values.to;
  if (positionals.join(' ') !== 'copy' || from === undefined || to === undefined || !/^postgres(ql)?:\/\//.test(to)) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(from)) {
    console.error(`There is no SQLite file at ${from}.`);
    return 2;
  }
  const source = await openStore(from);
  const target = await openStore(to);
  try {
    const counts = await copyStore(source, target);
    for (const [table, count] of Object.entries(counts)) console.log(`${table}: ${String(count)} rows`);
    return 0;
  } catch (error) {
    console.error(`The copy failed and nothing was written: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await source.close();
    await target.close();
  }
}

process.exitCode = await main();
