import pg from 'pg';
import { OPEN_PAYOUT_STATES, OPEN_STATUSES, PAYABLE_STATUS, sqlList, UNKNOWN_OUTCOME } from '../lifecycle/rules';
import { appliedVersion, migratePostgres, POSTGRES_MIGRATIONS } from './postgres-migrations';
import { CHECKOUT_STATUS_COLUMNS, json, parse, type Row, toCheckout, toCheckoutStatus, toEndedPush, toEvent, toPayout, toPayoutEvent, toWebhookEvent } from './rows';
import { ClaimLostError, type CheckoutRecord, type CreationRecord, type IdempotencyClaim, type IdempotencyHold, type OutboundCall, type OutboxEvent, type PayoutRecord, type Store } from './types';

const OPEN = sqlList(OPEN_STATUSES);
const OPEN_PAYOUTS = sqlList(OPEN_PAYOUT_STATES);

/** A connection, pooled or inside a transaction: both run queries alike. */
type Db = pg.Pool | pg.PoolClient;

/** What a `due*` read takes: rows of `table` matching `where` ($1 = now), first by `order`; taking them sets `lease` ($3 = leaseUntil). */
interface DueQuery {
  table: string;
  key: string;
  where: string;
  order: string;
  lease: string;
}

// A poll's due time moves with its lease: should the lease lapse (its instance died), it is due again.

const DUE_POLLS: DueQuery = {
  table: 'checkouts',
  key: 'id',
  where: `status IN (${OPEN}) AND (next_poll_at IS NULL OR next_poll_at <= $1) AND (poll_leased_until IS NULL OR poll_leased_until <= $1)`,
  // SQLite puts NULL (never polled) first.
  order: 'next_poll_at NULLS FIRST, created_at, id',
  lease: 'poll_leased_until = $3, next_poll_at = $3',
};

const DUE_RECEIPT_POLLS: DueQuery = {
  table: 'checkouts',
  key: 'id',
  where: "receipt_poll_at IS NOT NULL AND receipt_poll_at <= $1 AND (receipt_leased_until IS NULL OR receipt_leased_until <= $1) AND status = 'paid' AND receipt_url IS NULL",
  order: 'receipt_poll_at, created_at, id',
  lease: 'receipt_leased_until = $3, receipt_poll_at = $3',
};

const DUE_PAYOUT_POLLS: DueQuery = {
  table: 'payouts',
  key: 'id',
  where: `status IN (${OPEN_PAYOUTS}) AND (next_poll_at IS NULL OR next_poll_at <= $1) AND (poll_leased_until IS NULL OR poll_leased_until <= $1)`,
  order: 'next_poll_at NULLS FIRST, created_at, id',
  lease: 'poll_leased_until = $3, next_poll_at = $3',
};

// Only the oldest pending event of each subject: its events reach the merchant in order.
const DUE_WEBHOOKS: DueQuery = {
  table: 'webhook_events',
  key: 'seq',
  where: `state = 'pending' AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
    AND NOT EXISTS (SELECT 1 FROM webhook_events p WHERE p.subject_id = t.subject_id AND p.state = 'pending' AND p.seq < t.seq)`,
  order: 'next_attempt_at, seq',
  lease: 'leased_until = $3',
};

/**
 * Due rows; with `leaseUntil`, taken: locked rows (another instance is taking them) are skipped, and
 * those taken are leased until `leaseUntil` in the same statement. Returned as they were.
 */
async function due(db: Db, query: DueQuery, now: string, limit: number, leaseUntil?: string): Promise<Row[]> {
  const { table, key, where, order, lease } = query;
  if (leaseUntil === undefined) {
    return (await db.query(`SELECT * FROM ${table} t WHERE ${where} ORDER BY ${order} LIMIT $2`, [now, limit])).rows;
  }
  const { rows } = await db.query(
    `WITH due AS (SELECT * FROM ${table} t WHERE ${where} ORDER BY ${order} LIMIT $2 FOR UPDATE SKIP LOCKED),
      leased AS (UPDATE ${table} m SET ${lease} FROM due WHERE m.${key} = due.${key})
    SELECT * FROM due ORDER BY ${order}`,
    [now, limit, leaseUntil],
  );
  return rows;
}

async function appendEvent(db: Db, checkoutId: string, at: string, source: string, status: string, reason?: string | null, providerStatus?: string | null, resolution?: string | null) {
  await db.query('INSERT INTO checkout_events (checkout_id, at, source, status, reason, provider_status, resolution) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    checkoutId,
    at,
    source,
    status,
    reason ?? null,
    providerStatus ?? null,
    resolution ?? null,
  ]);
}

async function appendPayoutEvent(db: Db, payoutId: string, at: string, source: string, status: string, reason?: string | null, providerStatus?: string | null) {
  await db.query('INSERT INTO payout_events (payout_id, at, source, status, reason, provider_status) VALUES ($1, $2, $3, $4, $5, $6)', [
    payoutId,
    at,
    source,
    status,
    reason ?? null,
    providerStatus ?? null,
  ]);
}

async function writeOutbox(db: Db, event: OutboxEvent | undefined) {
  if (!event) return;
  await db.query(`INSERT INTO webhook_events (id, type, subject_id, created_at, payload, state, next_attempt_at) VALUES ($1, $2, $3, $4, $5, 'pending', $4)`, [
    event.id,
    event.type,
    event.subjectId,
    event.createdAt,
    event.payload,
  ]);
}

async function recordCall(db: Db, call: OutboundCall) {
  await db.query('INSERT INTO outbound_calls (reference_id, checkout_id, provider, operation, created_at) VALUES ($1, $2, $3, $4, $5)', [
    call.referenceId,
    call.checkoutId,
    call.provider,
    call.operation,
    call.createdAt,
  ]);
}

/** What is created with a checkout or payout: its claim names it, its first call is on record. */
async function writeCreationRecord(db: Db, subjectId: string, record: CreationRecord | undefined) {
  if (record?.idempotency) {
    const { scope, key, holder } = record.idempotency;
    // Only a claim still the holder's, unfinished and naming nothing yet: a holder taken over creates nothing.
    const named = await db.query('UPDATE idempotency_keys SET subject_id = $1 WHERE scope = $2 AND key = $3 AND holder = $4 AND response_status IS NULL AND subject_id IS NULL', [
      subjectId,
      scope,
      key,
      holder,
    ]);
    if (named.rowCount !== 1) throw new ClaimLostError(scope, key);
  }
  if (record?.call) await recordCall(db, record.call);
}

/** The store on PostgreSQL (`DATABASE_URL=postgres://…`), migrated before it is returned. */
export async function openPostgresStore(url: string, { poolSize }: { poolSize?: number } = {}): Promise<Store> {
  // `max` unset: pg's default (10).
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server dropped: the pool discards it, and the next query opens another.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }

  async function transaction<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: Error) => rollbackError,
      );
      client.release(broken);
      throw err;
    }
  }

  const one = async (sql: string, values: unknown[]) => (await pool.query(sql, values)).rows[0] as Row | undefined;
  const changed = async (sql: string, values: unknown[]) => ((await pool.query(sql, values)).rowCount ?? 0) > 0;

  async function insertCheckout(db: Db, c: CheckoutRecord) {
    await db.query(
      `INSERT INTO checkouts (id, provider, method, amount, currency, reference, description, payer, items,
        locale, metadata, status, reason, provider_reference, provider_status, instructions, receipt_url, expires_at,
        created_at, updated_at, version, next_poll_at, poll_attempts)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [
        c.id,
        c.provider,
        c.method,
        c.amount,
        c.currency,
        c.reference,
        c.description ?? null,
        json(c.payer),
        json(c.items),
        c.locale ?? null,
        json(c.metadata),
        c.status,
        c.reason ?? null,
        c.providerReference ?? null,
        c.providerStatus ?? null,
        JSON.stringify(c.instructions),
        c.receiptUrl ?? null,
        c.expiresAt,
        c.createdAt,
        c.updatedAt,
        c.version,
        c.nextPollAt ?? null,
        c.pollAttempts,
      ],
    );
    await appendEvent(db, c.id, c.createdAt, 'create', c.status, c.reason, c.providerStatus);
  }

  async function insertPayout(db: Db, p: PayoutRecord) {
    await db.query(
      `INSERT INTO payouts (id, provider, amount, currency, reference, phone, status, reason, provider_status, reference_id,
        created_at, updated_at, version, next_poll_at, poll_attempts)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        p.id,
        p.provider,
        p.amount,
        p.currency,
        p.reference,
        p.phone,
        p.status,
        p.reason ?? null,
        p.providerStatus ?? null,
        p.referenceId,
        p.createdAt,
        p.updatedAt,
        p.version,
        p.nextPollAt ?? null,
        p.pollAttempts,
      ],
    );
    await appendPayoutEvent(db, p.id, p.createdAt, 'create', p.status, p.reason, p.providerStatus);
  }

  /** One decision on a key, in a transaction that holds its row. */
  async function claimKey(db: pg.PoolClient, { scope, key, holder }: IdempotencyHold, requestHash: string, now: string, leaseUntil: string): Promise<IdempotencyClaim | undefined> {
    // A concurrent claim of the same key waits here for the first to commit, then finds its row.
    const inserted = await db.query('INSERT INTO idempotency_keys (scope, key, holder, request_hash, created_at, lease_until) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
      scope,
      key,
      holder,
      requestHash,
      now,
      leaseUntil,
    ]);
    if (inserted.rowCount === 1) return { state: 'claimed' };
    const row = (await db.query('SELECT * FROM idempotency_keys WHERE scope = $1 AND key = $2 FOR UPDATE', [scope, key])).rows[0] as Row | undefined;
    // Released between the two statements: try again.
    if (!row) return undefined;
    const held = row.request_hash as string;
    if (row.response_status !== null) {
      return { state: 'done', requestHash: held, responseStatus: row.response_status as number, responseBody: row.response_body as string };
    }
    // Its holder died (the lease lapsed): the same request takes it over, with what the holder created.
    if (held === requestHash && (row.lease_until as string) < now) {
      await db.query('UPDATE idempotency_keys SET lease_until = $1, holder = $2 WHERE scope = $3 AND key = $4', [leaseUntil, holder, scope, key]);
      return { state: 'resumed', requestHash: held, ...(row.subject_id === null ? {} : { subjectId: row.subject_id as string }) };
    }
    return { state: 'in_progress', requestHash: held };
  }

  return {
    async insertCheckout(c, record) {
      await transaction(async (db) => {
        await insertCheckout(db, c);
        await writeCreationRecord(db, c.id, record);
      });
    },
    async getCheckout(id) {
      const row = await one('SELECT * FROM checkouts WHERE id = $1', [id]);
      return row && toCheckout(row);
    },
    async checkoutVersion(id) {
      // Named, so each connection parses and plans it once: every open checkout's poll runs it.
      const { rows } = await pool.query({ name: 'checkout-version', text: 'SELECT version FROM checkouts WHERE id = $1', values: [id] });
      return rows[0]?.version as number | undefined;
    },
    async checkoutVersions(ids) {
      const { rows } = await pool.query<{ id: string; version: number }>('SELECT id, version FROM checkouts WHERE id = ANY($1::text[])', [ids]);
      return new Map(rows.map((row) => [row.id, row.version]));
    },
    async checkoutStatus(id) {
      // Named, as checkout-version: the poll runs it after every change.
      const text = `SELECT ${CHECKOUT_STATUS_COLUMNS} FROM checkouts WHERE id = $1`;
      const row = (await pool.query({ name: 'checkout-status', text, values: [id] })).rows[0] as Row | undefined;
      return row && toCheckoutStatus(id, row);
    },
    async findByProviderReference(provider, providerReference) {
      const row =
        (await one('SELECT * FROM checkouts WHERE provider = $1 AND provider_reference = $2', [provider, providerReference])) ??
        // A late word about an ended push (paid after all) must still reach its checkout.
        (await one('SELECT c.* FROM ended_pushes e JOIN checkouts c ON c.id = e.checkout_id WHERE e.provider = $1 AND e.provider_reference = $2', [provider, providerReference]));
      return row && toCheckout(row);
    },
    async endedPushes(checkoutId, options) {
      const { rows } = await pool.query('SELECT * FROM ended_pushes WHERE checkout_id = $1 AND ($2::boolean = false OR withdrawn_at IS NULL) ORDER BY ended_at, seq', [
        checkoutId,
        options?.open === true,
      ]);
      return rows.map(toEndedPush);
    },
    async settleEndedPush(provider, providerReference, at) {
      await pool.query('UPDATE ended_pushes SET withdrawn_at = COALESCE(withdrawn_at, $1) WHERE provider = $2 AND provider_reference = $3', [at, provider, providerReference]);
    },
    async noteShownFees(id, fees) {
      if (Object.keys(fees).length === 0) return;
      // Merged under the row's lock: two instances noting fees at once lose neither (SQLite: json_patch).
      await transaction(async (db) => {
        const row = (await db.query('SELECT shown_fees FROM checkouts WHERE id = $1 FOR UPDATE', [id])).rows[0] as Row | undefined;
        if (!row) return;
        const merged = { ...parse<Record<string, string>>(row.shown_fees), ...fees };
        await db.query('UPDATE checkouts SET shown_fees = $1 WHERE id = $2', [JSON.stringify(merged), id]);
      });
    },
    async listCheckouts({ after, limit, ...filters }) {
      // Every filter optional (NULL: any); the keyset (created_at, id) walks the checkouts_created index.
      const { rows } = await pool.query(
        `SELECT * FROM checkouts
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR reason = $2)
        AND ($3::text IS NULL OR provider = $3) AND ($4::text IS NULL OR method = $4)
        AND ($5::text IS NULL OR reference = $5)
        AND ($6::text IS NULL OR created_at >= $6) AND ($7::text IS NULL OR created_at < $7)
        AND ($8::text IS NULL OR (created_at, id) < ($8, $9::text))
        ORDER BY created_at DESC, id DESC LIMIT $10`,
        [
          filters.status ?? null,
          filters.reason ?? null,
          filters.provider ?? null,
          filters.method ?? null,
          filters.reference ?? null,
          filters.createdFrom ?? null,
          filters.createdTo ?? null,
          after?.createdAt ?? null,
          after?.id ?? null,
          limit,
        ],
      );
      return rows.map(toCheckout);
    },
    async updateProviderDetails(id, details) {
      await pool.query('UPDATE checkouts SET provider_reference = COALESCE($1, provider_reference), instructions = $2, expires_at = COALESCE($3, expires_at) WHERE id = $4', [
        details.providerReference ?? null,
        JSON.stringify(details.instructions),
        details.expiresAt ?? null,
        id,
      ]);
    },
    async changeStatus(id, expectedVersion, change, outbox) {
      return transaction(async (db) => {
        // A proof of payment, once written, is never replaced; the charge is the latest the provider gave.
        const result = await db.query(
          `UPDATE checkouts SET status = $1, reason = $2, provider_status = COALESCE($3, provider_status),
            receipt_url = COALESCE($4, receipt_url), receipt_poll_at = $5, payment = COALESCE(payment, $6),
            charge = COALESCE($7, charge), updated_at = $8, version = version + 1
          WHERE id = $9 AND version = $10 AND status IN (${OPEN})`,
          [
            change.status,
            change.reason ?? null,
            change.providerStatus ?? null,
            change.receiptUrl ?? null,
            change.receiptPollAt ?? null,
            json(change.payment),
            json(change.charge),
            change.at,
            id,
            expectedVersion,
          ],
        );
        if (result.rowCount === 0) return false;
        await appendEvent(db, id, change.at, change.source, change.status, change.reason, change.providerStatus);
        await writeOutbox(db, outbox);
        return true;
      });
    },
    async listEvents(checkoutId) {
      return (await pool.query('SELECT * FROM checkout_events WHERE checkout_id = $1 ORDER BY seq', [checkoutId])).rows.map(toEvent);
    },
    async addReceipt(id, expectedVersion, receiptUrl, at, outbox) {
      return transaction(async (db) => {
        const result = await db.query('UPDATE checkouts SET receipt_url = $1, receipt_poll_at = NULL, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4 AND receipt_url IS NULL', [
          receiptUrl,
          at,
          id,
          expectedVersion,
        ]);
        if (result.rowCount === 0) return false;
        await writeOutbox(db, outbox);
        return true;
      });
    },
    async recordResolution(id, expectedVersion, resolution, source, outbox) {
      return transaction(async (db) => {
        const at = resolution.resolvedAt;
        // Only an unknown outcome, once; the status itself never changes here.
        const result = await db.query(
          `UPDATE checkouts SET resolution = $1, updated_at = $2, version = version + 1
          WHERE id = $3 AND version = $4 AND resolution IS NULL AND status = '${UNKNOWN_OUTCOME.status}' AND reason = '${UNKNOWN_OUTCOME.reason}'
          RETURNING status, reason, provider_status`,
          [JSON.stringify(resolution), at, id, expectedVersion],
        );
        const checkout = result.rows[0] as Row | undefined;
        if (!checkout) return false;
        await appendEvent(db, id, at, source, checkout.status as string, checkout.reason as string | null, checkout.provider_status as string | null, JSON.stringify(resolution));
        await writeOutbox(db, outbox);
        return true;
      });
    },
    async updateCharge(id, expectedVersion, charge, at) {
      return changed(`UPDATE checkouts SET charge = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4 AND status IN (${OPEN})`, [
        JSON.stringify(charge),
        at,
        id,
        expectedVersion,
      ]);
    },
    async startPay(id, at, push) {
      // Only while pending and no push is live: never two on one checkout, nor one on a checkout the reconciler has just closed.
      return changed(
        `UPDATE checkouts SET pay_started_at = $1, push_before = push, push = COALESCE($2, push), updated_at = $1, version = version + 1
        WHERE id = $3 AND pay_started_at IS NULL AND status = '${PAYABLE_STATUS}'`,
        [at, json(push), id],
      );
    },
    async releasePay(id, at) {
      // Refused, so nothing went to the phone: the push before it (an ended one, or none) is told of again.
      await pool.query('UPDATE checkouts SET pay_started_at = NULL, push = push_before, push_before = NULL, updated_at = COALESCE($1, updated_at), version = version + 1 WHERE id = $2', [
        at ?? null,
        id,
      ]);
    },
    async endPush(id, expectedVersion, change, push) {
      return transaction(async (db) => {
        // The charge was that push's (its operator's fee): the next push brings its own.
        const result = await db.query(
          `UPDATE checkouts SET status = $1, reason = NULL, provider_status = COALESCE($2, provider_status),
            pay_started_at = NULL, provider_reference = NULL, charge = NULL, push = $3, push_before = NULL, updated_at = $4, version = version + 1
          WHERE id = $5 AND version = $6 AND status IN (${OPEN})
          RETURNING provider`,
          [change.status, change.providerStatus ?? null, JSON.stringify(push), change.at, id, expectedVersion],
        );
        const checkout = result.rows[0] as Row | undefined;
        if (!checkout) return false;
        // Still found by its reference, and what it left payable is withdrawn (lifecycle, onPushEnded).
        if (push.endedReference) {
          await db.query('INSERT INTO ended_pushes (provider, provider_reference, checkout_id, push_id, ended_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
            checkout.provider,
            push.endedReference,
            id,
            push.id,
            change.at,
          ]);
        }
        // The event keeps why the push ended, though the checkout itself has no reason while pending.
        await appendEvent(db, id, change.at, change.source, change.status, change.reason, change.providerStatus);
        return true;
      });
    },
    async recordOutboundCall(call) {
      await recordCall(pool, call);
    },
    async completeOutboundCall(referenceId, outcome, at) {
      await pool.query('UPDATE outbound_calls SET outcome = $1, completed_at = $2 WHERE reference_id = $3', [outcome, at, referenceId]);
    },
    async noteOutboundCall(referenceId, providerReference) {
      await pool.query('UPDATE outbound_calls SET provider_reference = $1 WHERE reference_id = $2', [providerReference, referenceId]);
    },
    async callReference(referenceId) {
      return ((await one('SELECT provider_reference FROM outbound_calls WHERE reference_id = $1', [referenceId]))?.provider_reference as string | null | undefined) ?? referenceId;
    },
    async unfinishedCall(checkoutId, operation) {
      const row = await one(
        'SELECT COALESCE(provider_reference, reference_id) AS reference_id FROM outbound_calls WHERE checkout_id = $1 AND operation = $2 AND outcome IS NULL ORDER BY created_at DESC, seq DESC LIMIT 1',
        [checkoutId, operation],
      );
      return row?.reference_id as string | undefined;
    },
    async duePolls(now, limit, leaseUntil) {
      return (await due(pool, DUE_POLLS, now, limit, leaseUntil)).map(toCheckout);
    },
    async schedulePoll(id, nextPollAt, pollAttempts, lease) {
      // The holder's: ends the lease, keeping a sooner poll asked for meanwhile (next_poll_at moved below the lease).
      return changed(
        `UPDATE checkouts SET next_poll_at = CASE WHEN next_poll_at < poll_leased_until AND next_poll_at < $1 THEN next_poll_at ELSE $1 END,
          poll_leased_until = NULL, poll_attempts = $2 WHERE id = $3 AND poll_leased_until = $4`,
        [nextPollAt, pollAttempts, id, lease],
      );
    },
    async renewPollLease(id, lease, leaseUntil) {
      // A renewed lease moves the due time with it, unless a poll asked for meanwhile is sooner.
      const row = await one(
        `UPDATE checkouts SET poll_leased_until = $3, next_poll_at = CASE WHEN next_poll_at < poll_leased_until THEN next_poll_at ELSE $3 END
        WHERE id = $1 AND poll_leased_until = $2 AND status IN (${OPEN}) RETURNING *`,
        [id, lease, leaseUntil],
      );
      return row && toCheckout(row);
    },
    async requestPoll(id, at) {
      await pool.query('UPDATE checkouts SET next_poll_at = $1 WHERE id = $2 AND (next_poll_at IS NULL OR next_poll_at > $1)', [at, id]);
    },
    async dueReceiptPolls(now, limit, leaseUntil) {
      return (await due(pool, DUE_RECEIPT_POLLS, now, limit, leaseUntil)).map(toCheckout);
    },
    async scheduleReceiptPoll(id, receiptPollAt, receiptPolls, lease) {
      // Likewise; NULL (stop asking) is later than any time, so a sooner ask asked for meanwhile is kept.
      return changed(
        `UPDATE checkouts SET
          receipt_poll_at = CASE WHEN receipt_poll_at < receipt_leased_until AND ($1::text IS NULL OR receipt_poll_at < $1) THEN receipt_poll_at ELSE $1 END,
          receipt_leased_until = NULL, receipt_polls = $2 WHERE id = $3 AND ($4::text IS NULL OR receipt_leased_until = $4)`,
        [receiptPollAt ?? null, receiptPolls, id, lease ?? null],
      );
    },
    async renewReceiptPollLease(id, lease, leaseUntil) {
      const row = await one(
        `UPDATE checkouts SET receipt_leased_until = $3, receipt_poll_at = CASE WHEN receipt_poll_at < receipt_leased_until THEN receipt_poll_at ELSE $3 END
        WHERE id = $1 AND receipt_leased_until = $2 AND status = 'paid' AND receipt_url IS NULL RETURNING *`,
        [id, lease, leaseUntil],
      );
      return row && toCheckout(row);
    },
    async requestReceiptPoll(id, at) {
      await pool.query("UPDATE checkouts SET receipt_poll_at = $1 WHERE id = $2 AND status = 'paid' AND receipt_url IS NULL AND (receipt_poll_at IS NULL OR receipt_poll_at > $1)", [at, id]);
    },
    async insertPayout(p, record) {
      await transaction(async (db) => {
        await insertPayout(db, p);
        await writeCreationRecord(db, p.id, record);
      });
    },
    async getPayout(id) {
      const row = await one('SELECT * FROM payouts WHERE id = $1', [id]);
      return row && toPayout(row);
    },
    async changePayoutStatus(id, expectedVersion, change, outbox) {
      return transaction(async (db) => {
        // Paid and failed are final: only a processing payout at the expected version changes.
        const result = await db.query(
          `UPDATE payouts SET status = $1, reason = $2, provider_status = COALESCE($3, provider_status), updated_at = $4, version = version + 1
          WHERE id = $5 AND version = $6 AND status IN (${OPEN_PAYOUTS})`,
          [change.status, change.reason ?? null, change.providerStatus ?? null, change.at, id, expectedVersion],
        );
        if (result.rowCount === 0) return false;
        await appendPayoutEvent(db, id, change.at, change.source, change.status, change.reason, change.providerStatus);
        await writeOutbox(db, outbox);
        return true;
      });
    },
    async listPayoutEvents(payoutId) {
      return (await pool.query('SELECT * FROM payout_events WHERE payout_id = $1 ORDER BY seq', [payoutId])).rows.map(toPayoutEvent);
    },
    async duePayoutPolls(now, limit, leaseUntil) {
      return (await due(pool, DUE_PAYOUT_POLLS, now, limit, leaseUntil)).map(toPayout);
    },
    async schedulePayoutPoll(id, nextPollAt, pollAttempts, lease) {
      return changed('UPDATE payouts SET next_poll_at = $1, poll_leased_until = NULL, poll_attempts = $2 WHERE id = $3 AND poll_leased_until = $4', [nextPollAt, pollAttempts, id, lease]);
    },
    async renewPayoutPollLease(id, lease, leaseUntil) {
      const row = await one(
        `UPDATE payouts SET poll_leased_until = $3, next_poll_at = $3
        WHERE id = $1 AND poll_leased_until = $2 AND status IN (${OPEN_PAYOUTS}) RETURNING *`,
        [id, lease, leaseUntil],
      );
      return row && toPayout(row);
    },
    async claimIdempotencyKey(hold, requestHash, now, leaseUntil) {
      for (;;) {
        const claim = await transaction((db) => claimKey(db, hold, requestHash, now, leaseUntil));
        if (claim) return claim;
      }
    },
    async completeIdempotencyKey({ scope, key, holder }, responseStatus, responseBody) {
      return changed('UPDATE idempotency_keys SET response_status = $1, response_body = $2 WHERE scope = $3 AND key = $4 AND holder = $5 AND response_status IS NULL', [
        responseStatus,
        responseBody,
        scope,
        key,
        holder,
      ]);
    },
    async lapseIdempotencyKey({ scope, key, holder }) {
      await pool.query("UPDATE idempotency_keys SET lease_until = '1970-01-01T00:00:00.000Z' WHERE scope = $1 AND key = $2 AND holder = $3 AND response_status IS NULL", [scope, key, holder]);
    },
    async releaseIdempotencyKey({ scope, key, holder }) {
      await pool.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND holder = $3 AND response_status IS NULL', [scope, key, holder]);
    },
    async dueWebhookEvents(now, limit, leaseUntil) {
      return (await due(pool, DUE_WEBHOOKS, now, limit, leaseUntil)).map(toWebhookEvent);
    },
    async recordWebhookAttempt(id, attempt, lease) {
      // The attempt ended: so does its lease (fenced, like every holder's write: only while the lease is still $9).
      return changed(
        `UPDATE webhook_events SET attempts = attempts + 1, state = $1, schedule_step = $2, next_attempt_at = $3, last_attempt_at = $4, leased_until = NULL,
          last_status = $5, last_error = $6, last_response = $7, delivered_at = CASE WHEN $1 = 'delivered' THEN $4 ELSE delivered_at END
        WHERE id = $8 AND leased_until = $9`,
        [attempt.state, attempt.scheduleStep, attempt.nextAttemptAt ?? null, attempt.at, attempt.status ?? null, attempt.error ?? null, attempt.response ?? null, id, lease],
      );
    },
    async getWebhookEvent(id) {
      const row = await one('SELECT * FROM webhook_events WHERE id = $1', [id]);
      return row && toWebhookEvent(row);
    },
    async listWebhookEvents({ type, subjectId, beforeSeq, limit }) {
      const values: unknown[] = [];
      const conditions: string[] = [];
      const where = (sql: string, value: unknown) => {
        values.push(value);
        conditions.push(`${sql} $${values.length}`);
      };
      if (type) where('type =', type);
      if (subjectId) where('subject_id =', subjectId);
      if (beforeSeq !== undefined) where('seq <', beforeSeq);
      values.push(limit);
      const filter = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      return (await pool.query(`SELECT * FROM webhook_events ${filter} ORDER BY seq DESC LIMIT $${values.length}`, values)).rows.map(toWebhookEvent);
    },
    async resendWebhookEvent(id, now) {
      // The lease stays: an attempt in flight is never doubled.
      return changed("UPDATE webhook_events SET state = 'pending', schedule_step = 0, next_attempt_at = $1 WHERE id = $2", [now, id]);
    },
    async releaseWebhookEvent(id, lease) {
      return changed('UPDATE webhook_events SET leased_until = NULL WHERE id = $1 AND leased_until = $2', [id, lease]);
    },
    async checkReady() {
      const applied = await appliedVersion(pool).catch((err: Error) => {
        throw new Error(`PostgreSQL: cannot read schema_migrations (${err.message})`);
      });
      if (applied < POSTGRES_MIGRATIONS.length) throw new Error(`PostgreSQL: ${POSTGRES_MIGRATIONS.length - applied} migration(s) not applied`);
    },
    async close() {
      await pool.end();
    },
  };
}
