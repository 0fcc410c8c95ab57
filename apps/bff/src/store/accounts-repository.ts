import { roleSchema, type Role } from '@mdm-console/contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { flagColumn, parseRow } from './columns.ts';
import type { Database } from './schema.ts';

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

  constructor(db: Kysely<Database>) {
    this.db = db;
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

  /** Answers whether an account had this e-mail. */
  async update(email: string, changes: AccountChanges): Promise<boolean> {
    const result = await this.db
      .updateTable('accounts')
      .set({
        ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
        ...(changes.role === undefined ? {} : { role: changes.role }),
        ...(changes.disabled === undefined ? {} : { disabled: changes.disabled ? 1 : 0 }),
        ...(changes.spaceId === undefined ? {} : { space_id: changes.spaceId }),
      })
      .where('email', '=', email)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setSpace(id: number, spaceId: number): Promise<void> {
    await this.db.updateTable('accounts').set({ space_id: spaceId }).where('id', '=', id).execute();
  }
}
