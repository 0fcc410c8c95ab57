import { createInterface } from 'node:readline/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ROLES, type RoleAssignment } from '@mdm-console/contract';
import { z } from 'zod';
import { Accounts } from '../domain/accounts.ts';
import { AuditLog } from '../domain/audit.ts';
import { AppError } from '../errors.ts';
import { openStore } from '../store/db.ts';

const USAGE = `Usage: npm run users -- <command> [email] [role] [options]
  list                                       every account: e-mail, roles and spaces, how it signs in
  add <email> <role> [--spaces 2,3]          create a local account (password read from standard input)
  set-password <email>                       set a new password (read from standard input)
  set-role <email> <role> [--spaces 2,3]     the role, over every device space or only the listed ones
  disable <email>                            the account can no longer sign in; its sessions end
Roles: viewer, helpdesk, admin (also accepted as --role <role>).
Settings: DATABASE_URL (default ./data/mdm-console.sqlite).`;

const roleSchema = z.enum(ROLES, { error: 'The role must be viewer, helpdesk or admin.' });

const spacesSchema = z
  .string()
  .regex(/^\d+(,\d+)*$/, '--spaces takes device space ids separated by commas, such as 2,3.')
  .transform((list) => [...new Set(list.split(',').map(Number))]);

async function readPassword(): Promise<string> {
  const reader = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('New password (at least 12 characters): ');
  const line = await reader[Symbol.asyncIterator]().next();
  reader.close();
  return typeof line.value === 'string' ? line.value.replace(/\r?\n$/, '') : '';
}

const describeAssignments = (assignments: readonly RoleAssignment[]): string =>
  assignments
    .map(({ role, spaces }) => (spaces === 'all' ? `${role} (all spaces)` : `${role} (spaces ${spaces.join(',')})`))
    .join('; ');

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, spaces: { type: 'string' } },
  });
  const [command, email, positionalRole] = positionals;
  const store = await openStore(process.env.DATABASE_URL ?? './data/mdm-console.sqlite');
  const accounts = new Accounts(store.accounts, Date.now);
  try {
    if (command === 'list') {
      for (const account of await accounts.list())
        console.log(
          [
            account.email.padEnd(30),
            describeAssignments(account.assignments).padEnd(36),
            account.identity ? `sso ${account.identity.issuer} subject ${account.identity.subject}` : 'password',
            account.disabled ? 'disabled' : '',
          ]
            .join('  ')
            .trimEnd(),
        );
      return 0;
    }
    if (!command || !email || !z.email().safeParse(email).success) {
      console.error(USAGE);
      return 2;
    }
    const assignments = (): RoleAssignment[] => [
      {
        role: roleSchema.parse(positionalRole ?? values.role),
        spaces: values.spaces === undefined ? 'all' : spacesSchema.parse(values.spaces),
      },
    ];
    switch (command) {
      case 'add':
        await accounts.create(email, await readPassword(), assignments());
        break;
      case 'set-password':
        await accounts.setPassword(email, await readPassword());
        break;
      case 'set-role':
        await accounts.setRole(email, assignments());
        break;
      case 'disable':
        await accounts.disable(email);
        break;
      default:
        console.error(USAGE);
        return 2;
    }
    const role = positionalRole ?? values.role;
    await new AuditLog(store.audit, Date.now).append({
      actorId: null,
      actorEmail: `cli:${userInfo().username}`,
      role: null,
      action: `account.${command}`,
      targets: [email.toLowerCase()],
      params: role === undefined ? {} : { role, spaces: values.spaces ?? 'all' },
      outcome: 'succeeded',
      requestId: null,
      spaceId: null,
    });
    console.log(`${command}: done for ${email.toLowerCase()}`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) console.error(error.message);
    else if (error instanceof z.ZodError) console.error(error.issues.map((issue) => issue.message).join(' '));
    else throw error;
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
