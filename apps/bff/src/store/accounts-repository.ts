import { roleSchema, type Role } from '@mdm-console/contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { flagColumn, parseRow } from './columns.ts';
import type { StoreKind } from './db.ts';
import type { Database } from './schema.ts';
import { announce } from './session-changes.ts';

export const accountRecordSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    password_hash: z.string(),
    role: roleSchema,
    disabled: flagColumn,
    created_at: z.string(),
    space_id: z.number().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.created_at,
    spaceId: row.space_id,
  }));
export type AccountRecord = z.output<typeof accountRecordSchema>;

const ACCOUNT_COLUMNS = ['id', 'email', 'password_hash', 'role', 'disabled', 'created_at', 'space_id'] as const;

export interface AccountChanges {
  passwordHash?: string;
  role?: Role;
  disabled?: boolean;
  spaceId?: number | null;
}

/** Local accounts in the database; e-mails are stored as given (the domain normalizes them). */
export class AccountsRepository {
  private readonly db: Kysely<Database>;
  private readonly kind: StoreKind;

  constructor(db: Kysely<Database>, kind: StoreKind) {
    this.db = db;
    this.kind = kind;
  }

  async byEmail(email: string): Promise<AccountRecord | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('email', '=', email)
      .executeTakeFirst();
    return row && parseRow(accountRecordSchema, 'accounts', row);
  }

  async insert(account: { email: string; passwordHash: string; role: Role; createdAt: string }): Promise<void> {
    await this.db
      .insertInto('accounts')
      .values({
        email: account.email,
        password_hash: account.passwordHash,
        role: account.role,
        disabled: 0,
        created_at: account.createdAt,
        space_id: null,
      })
      .execute();
  }

  /**
   * Answers whether an account had this e-mail. On PostgreSQL every process hears of the change with the commit, so
   * that no cached session goes on with the old role, space or a disabled account.
   */
  async update(email: string, changes: AccountChanges): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('accounts')
        .set({
          ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
          ...(changes.role === undefined ? {} : { role: changes.role }),
          ...(changes.disabled === undefined ? {} : { disabled: changes.disabled ? 1 : 0 }),
          ...(changes.spaceId === undefined ? {} : { space_id: changes.spaceId }),
        })
        .where('email', '=', email)
        .returning('id')
        .executeTakeFirst();
      if (updated && this.kind === 'postgres') await announce(trx, { kind: 'account', accountId: updated.id });
      return updated !== undefined;
    });
  }

  async setSpace(id: number, spaceId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('accounts').set({ space_id: spaceId }).where('id', '=', id).execute();
      if (this.kind === 'postgres') await announce(trx, { kind: 'account', accountId: id });
    });
  }
}
