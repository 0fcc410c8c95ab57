import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { roleSchema } from '@mdm-console/contract';
import { z } from 'zod';
import { userInfo } from 'node:os';
import { Accounts } from '../domain/accounts.ts';
import { AuditLog } from '../domain/audit.ts';
import { AppError } from '../errors.ts';
import { openStore } from '../store/db.ts';

const USAGE = `Usage: npm run users -- <command> <email> [options]
  add <email> --role viewer|helpdesk|admin   create an account (password read from standard input)
  set-password <email>                       set a new password (read from standard input)
  set-role <email> --role viewer|helpdesk|admin
  disable <email>                            the account can no longer sign in; its sessions end
Settings: DATABASE_URL (default ./data/mdm-console.sqlite).`;

async function readPassword(): Promise<string> {
  const reader = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('New password (at least 12 characters): ');
  const line = await reader[Symbol.asyncIterator]().next();
  reader.close();
  return typeof line.value === 'string' ? line.value.replace(/\r?\n$/, '') : '';
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: 'string' } } });
  const [command, email] = positionals;
  if (!command || !email || !z.email().safeParse(email).success) {
    console.error(USAGE);
    return 2;
  }
  const store = await openStore(process.env.DATABASE_URL ?? './data/mdm-console.sqlite');
  const accounts = new Accounts(store.accounts, Date.now);
  try {
    switch (command) {
      case 'add':
        await accounts.create(email, await readPassword(), roleSchema.parse(values.role));
        break;
      case 'set-password':
        await accounts.setPassword(email, await readPassword());
        break;
      case 'set-role':
        await accounts.setRole(email, roleSchema.parse(values.role));
        break;
      case 'disable':
        await accounts.disable(email);
        break;
      default:
        console.error(USAGE);
        return 2;
    }
    await new AuditLog(store.audit, Date.now).append({
      actorId: null,
      actorEmail: `cli:${userInfo().username}`,
      role: null,
      action: `account.${command}`,
      targets: [email.toLowerCase()],
      params: values.role === undefined ? {} : { role: values.role },
      outcome: 'succeeded',
      requestId: null,
    });
    console.log(`${command}: done for ${email.toLowerCase()}`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) console.error(error.message);
    else if (error instanceof z.ZodError) console.error('--role must be viewer, helpdesk or admin.');
    else throw error;
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
