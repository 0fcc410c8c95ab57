import { roleSchema, viewQuerySchema, type Role, type ViewQuery } from '@mdm-console/contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { bigintColumn, flagColumn, jsonColumn, parseRow } from './columns.ts';
import type { Database } from './schema.ts';

const viewRecordSchema = z
  .object({
    id: z.string(),
    owner_id: z.number(),
    owner_email: z.string(),
    name: z.string(),
    query: jsonColumn(viewQuerySchema),
    columns: jsonColumn(z.array(z.string())),
    shared: flagColumn,
    shared_with_role: roleSchema.nullable(),
    updated_at: bigintColumn,
    pinned: z.union([z.number(), z.string(), z.null()]).transform((pin) => pin !== null),
  })
  .transform((row) => ({
    id: row.id,
    ownerId: row.owner_id,
    ownerEmail: row.owner_email,
    name: row.name,
    query: row.query,
    columns: row.columns,
    shared: row.shared,
    sharedWithRole: row.shared_with_role,
    updatedAt: row.updated_at,
    pinned: row.pinned,
  }));
export type ViewRecord = z.output<typeof viewRecordSchema>;

export interface ViewFields {
  name: string;
  query: ViewQuery;
  columns: readonly string[];
  shared: boolean;
  sharedWithRole: Role | null;
}

/** Saved views and each person's pins. */
export class ViewsRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** The views of `accountId` and every shared view, each with whether that person pinned it. */
  async visibleTo(accountId: number, id?: string): Promise<ViewRecord[]> {
    let query = this.db
      .selectFrom('saved_views')
      .innerJoin('accounts', 'accounts.id', 'saved_views.owner_id')
      .leftJoin('view_pins', (join) =>
        join.onRef('view_pins.view_id', '=', 'saved_views.id').on('view_pins.account_id', '=', accountId),
      )
      .select([
        'saved_views.id',
        'saved_views.owner_id',
        'accounts.email as owner_email',
        'saved_views.name',
        'saved_views.query',
        'saved_views.columns',
        'saved_views.shared',
        'saved_views.shared_with_role',
        'saved_views.updated_at',
        'view_pins.account_id as pinned',
      ])
      .where((eb) => eb.or([eb('saved_views.owner_id', '=', accountId), eb('saved_views.shared', '=', 1)]))
      .orderBy('saved_views.name')
      .orderBy('saved_views.id');
    if (id !== undefined) query = query.where('saved_views.id', '=', id);
    return (await query.execute()).map((row) => parseRow(viewRecordSchema, 'saved_views', row));
  }

  /** Whether the owner has a view of that name. */
  async nameTaken(ownerId: number, name: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('saved_views')
      .select('id')
      .where('owner_id', '=', ownerId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Answers false when the owner has a view of that name already. */
  async insert(view: ViewFields & { id: string; ownerId: number; at: number }): Promise<boolean> {
    const inserted = await this.db
      .insertInto('saved_views')
      .values({
        id: view.id,
        owner_id: view.ownerId,
        name: view.name,
        query: JSON.stringify(view.query),
        columns: JSON.stringify(view.columns),
        shared: view.shared ? 1 : 0,
        shared_with_role: view.sharedWithRole,
        created_at: view.at,
        updated_at: view.at,
      })
      .onConflict((conflict) => conflict.columns(['owner_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async update(id: string, fields: Partial<ViewFields>, at: number): Promise<void> {
    await this.db
      .updateTable('saved_views')
      .set({
        ...(fields.name === undefined ? {} : { name: fields.name }),
        ...(fields.query === undefined ? {} : { query: JSON.stringify(fields.query) }),
        ...(fields.columns === undefined ? {} : { columns: JSON.stringify(fields.columns) }),
        ...(fields.shared === undefined ? {} : { shared: fields.shared ? 1 : 0 }),
        ...(fields.sharedWithRole === undefined ? {} : { shared_with_role: fields.sharedWithRole }),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  async setPinned(accountId: number, viewId: string, pinned: boolean): Promise<void> {
    if (pinned)
      await this.db
        .insertInto('view_pins')
        .values({ account_id: accountId, view_id: viewId })
        .onConflict((conflict) => conflict.columns(['account_id', 'view_id']).doNothing())
        .execute();
    else
      await this.db.deleteFrom('view_pins').where('account_id', '=', accountId).where('view_id', '=', viewId).execute();
  }

  /** Deletes the view and everyone's pins of it. */
  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('view_pins').where('view_id', '=', id).execute();
      await trx.deleteFrom('saved_views').where('id', '=', id).execute();
    });
  }
}
