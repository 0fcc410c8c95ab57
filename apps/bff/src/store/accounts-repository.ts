import { higherRole, roleAssignmentSchema, roleSchema, type Role, type RoleAssignment } from '@mdm-console/contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { flagColumn, jsonColumn, parseRow } from './columns.ts';
import type { StoreKind } from './db.ts';
import type { Database } from './schema.ts';
import { announce, type SessionChanges } from './session-changes.ts';

export const accountRecordSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    password_hash: z.string().nullable(),
    role: roleSchema,
    disabled: flagColumn,
    created_at: z.string(),
    space_id: z.number().nullable(),
    assignments: jsonColumn(z.array(roleAssignmentSchema).min(1)).nullable(),
    oidc_issuer: z.string().nullable(),
    oidc_subject: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    assignments: row.assignments ?? [{ role: row.role, spaces: 'all' as const }],
    disabled: row.disabled,
    createdAt: row.created_at,
    spaceId: row.space_id,
    identity:
      row.oidc_issuer !== null && row.oidc_subject !== null
        ? { issuer: row.oidc_issuer, subject: row.oidc_subject }
        : null,
  }));
export type AccountRecord = z.output<typeof accountRecordSchema>;

export const ACCOUNT_COLUMNS = [
  'accounts.id',
  'accounts.email',
  'accounts.password_hash',
  'accounts.role',
  'accounts.disabled',
  'accounts.created_at',
  'accounts.space_id',
  'accounts.assignments',
  'accounts.oidc_issuer',
  'accounts.oidc_subject',
] as const;

export interface AccountChanges {
  email?: string;
  passwordHash?: string;
  assignments?: readonly RoleAssignment[];
  disabled?: boolean;
  spaceId?: number | null;
}

/** The `role` column: the highest role assigned (processes from before scoped roles read only this). */
const highestRole = (assignments: readonly RoleAssignment[]): Role =>
  assignments.reduce<Role>((top, { role }) => higherRole(top, role), 'viewer');

const assignmentColumns = (assignments: readonly RoleAssignment[]) => ({
  role: highestRole(assignments),
  assignments: JSON.stringify(assignments),
});

/** Accounts in the database: local ones by e-mail (stored as given; the domain normalizes), SSO ones by subject. */
export class AccountsRepository {
  private readonly db: Kysely<Database>;
  private readonly kind: StoreKind;
  private readonly changes: SessionChanges;

  constructor(db: Kysely<Database>, kind: StoreKind, changes: SessionChanges) {
    this.db = db;
    this.kind = kind;
    this.changes = changes;
  }

  /** The local account of this e-mail (never an SSO account: the two do not merge by e-mail). */
  async byEmail(email: string): Promise<AccountRecord | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('email', '=', email)
      .where('oidc_subject', 'is', null)
      .executeTakeFirst();
    return row && parseRow(accountRecordSchema, 'accounts', row);
  }

  async byIdentity(issuer: string, subject: string): Promise<AccountRecord | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('oidc_issuer', '=', issuer)
      .where('oidc_subject', '=', subject)
      .executeTakeFirst();
    return row && parseRow(accountRecordSchema, 'accounts', row);
  }

  async list(): Promise<AccountRecord[]> {
    const rows = await this.db.selectFrom('accounts').select(ACCOUNT_COLUMNS).orderBy('id').execute();
    return rows.map((row) => parseRow(accountRecordSchema, 'accounts', row));
  }

  async insert(account: {
    email: string;
    passwordHash: string | null;
    assignments: readonly RoleAssignment[];
    createdAt: string;
    identity?: { issuer: string; subject: string };
  }): Promise<number> {
    const inserted = await this.db
      .insertInto('accounts')
      .values({
        email: account.email,
        password_hash: account.passwordHash,
        ...assignmentColumns(account.assignments),
        disabled: 0,
        created_at: account.createdAt,
        space_id: null,
        oidc_issuer: account.identity?.issuer ?? null,
        oidc_subject: account.identity?.subject ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }

  /**
   * Answers whether the account existed. On PostgreSQL every process hears of the change with the commit, so that no
   * cached session goes on with the old role, spaces or a disabled account.
   */
  async update(key: { email: string } | { id: number }, changes: AccountChanges): Promise<boolean> {
    const updated = await this.db.transaction().execute(async (trx) => {
      let query = trx.updateTable('accounts').set({
        ...(changes.email === undefined ? {} : { email: changes.email }),
        ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
        ...(changes.assignments === undefined ? {} : assignmentColumns(changes.assignments)),
        ...(changes.disabled === undefined ? {} : { disabled: changes.disabled ? 1 : 0 }),
        ...(changes.spaceId === undefined ? {} : { space_id: changes.spaceId }),
      });
      query =
        'id' in key
          ? query.where('id', '=', key.id)
          : query.where('email', '=', key.email).where('oidc_subject', 'is', null);
      const row = await query.returning('id').executeTakeFirst();
      if (row && this.kind === 'postgres') await announce(trx, { kind: 'account', accountId: row.id });
      return row;
    });
    if (updated) this.changes.madeHere({ kind: 'account', accountId: updated.id });
    return updated !== undefined;
  }
}
