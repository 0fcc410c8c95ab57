import type { Kysely } from 'kysely';
import { z } from 'zod';
import { bigintColumn, parseRow } from './columns.ts';
import type { Database } from './schema.ts';

const attemptSchema = z
  .object({
    state: z.string(),
    nonce: z.string(),
    code_verifier: z.string(),
    return_to: z.string(),
    created_at: bigintColumn,
  })
  .transform((row) => ({
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    returnTo: row.return_to,
    createdAt: row.created_at,
  }));
export type SignInAttempt = z.output<typeof attemptSchema>;

/** Sign-ins through the OpenID provider under way, by the hash of the id in the browser's cookie; each used once. */
export class SignInAttemptsRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async insert(idHash: string, attempt: SignInAttempt): Promise<void> {
    await this.db
      .insertInto('sign_in_attempts')
      .values({
        id_hash: idHash,
        state: attempt.state,
        nonce: attempt.nonce,
        code_verifier: attempt.codeVerifier,
        return_to: attempt.returnTo,
        created_at: attempt.createdAt,
      })
      .execute();
  }

  /** The attempt, deleted in the same statement: a second callback with the same cookie finds nothing. */
  async take(idHash: string): Promise<SignInAttempt | undefined> {
    const row = await this.db
      .deleteFrom('sign_in_attempts')
      .where('id_hash', '=', idHash)
      .returning(['state', 'nonce', 'code_verifier', 'return_to', 'created_at'])
      .executeTakeFirst();
    return row && parseRow(attemptSchema, 'sign_in_attempts', row);
  }

  /** Forgets attempts begun before `before` (abandoned at the provider). */
  async deleteOlderThan(before: number): Promise<void> {
    await this.db.deleteFrom('sign_in_attempts').where('created_at', '<', before).execute();
  }
}
