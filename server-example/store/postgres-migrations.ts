import type { Pool, PoolClient } from 'pg';

/**
 * PostgreSQL schema migrations, applied in order; a migration is never edited once released.
 *
 * The tables are SQLite's (sqlite-migrations.ts) as they stand, so both engines answer alike:
 * - ids and timestamps are ISO text in the "C" collation: byte order, as SQLite compares them,
 *   whatever the database's own collation;
 * - JSON is kept as the exact text written (a webhook's payload is sent byte for byte);
 * - `seq` columns stand in for SQLite's rowid where order of writing breaks ties.
 */
const TEXT = 'TEXT COLLATE "C"';

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE checkouts (
    id ${TEXT} PRIMARY KEY,
    provider ${TEXT} NOT NULL,
    method ${TEXT} NOT NULL,
    amount ${TEXT} NOT NULL,
    currency ${TEXT} NOT NULL,
    reference ${TEXT} NOT NULL,
    description ${TEXT},
    payer ${TEXT},
    items ${TEXT},
    locale ${TEXT},
    metadata ${TEXT},
    status ${TEXT} NOT NULL,
    reason ${TEXT},
    provider_reference ${TEXT},
    provider_status ${TEXT},
    instructions ${TEXT} NOT NULL,
    receipt_url ${TEXT},
    expires_at ${TEXT} NOT NULL,
    created_at ${TEXT} NOT NULL,
    updated_at ${TEXT} NOT NULL,
    version INTEGER NOT NULL,
    next_poll_at ${TEXT},
    poll_attempts INTEGER NOT NULL DEFAULT 0,
    pay_started_at ${TEXT},
    receipt_poll_at ${TEXT},
    receipt_polls INTEGER NOT NULL DEFAULT 0,
    resolution ${TEXT},
    push ${TEXT},
    push_before ${TEXT},
    payment ${TEXT},
    charge ${TEXT},
    shown_fees ${TEXT}
  );
  CREATE UNIQUE INDEX checkouts_provider_reference ON checkouts (provider, provider_reference);
  CREATE INDEX checkouts_due_polls ON checkouts (next_poll_at) WHERE status IN ('pending', 'processing');
  CREATE INDEX checkouts_due_receipts ON checkouts (receipt_poll_at) WHERE receipt_poll_at IS NOT NULL;
  CREATE INDEX checkouts_created ON checkouts (created_at DESC, id DESC);

  -- Event logs are append-only.
  CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END
  $$;

  CREATE TABLE checkout_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    checkout_id ${TEXT} NOT NULL REFERENCES checkouts (id),
    at ${TEXT} NOT NULL,
    source ${TEXT} NOT NULL,
    status ${TEXT} NOT NULL,
    reason ${TEXT},
    provider_status ${TEXT},
    resolution ${TEXT}
  );
  CREATE INDEX checkout_events_checkout ON checkout_events (checkout_id, seq);
  CREATE TRIGGER checkout_events_append_only BEFORE UPDATE OR DELETE ON checkout_events
    FOR EACH ROW EXECUTE FUNCTION append_only();

  CREATE TABLE ended_pushes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    provider ${TEXT} NOT NULL,
    provider_reference ${TEXT} NOT NULL,
    checkout_id ${TEXT} NOT NULL REFERENCES checkouts (id),
    push_id ${TEXT} NOT NULL,
    ended_at ${TEXT} NOT NULL,
    withdrawn_at ${TEXT},
    PRIMARY KEY (provider, provider_reference)
  );
  CREATE INDEX ended_pushes_checkout ON ended_pushes (checkout_id);

  CREATE TABLE outbound_calls (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    reference_id ${TEXT} PRIMARY KEY,
    checkout_id ${TEXT} NOT NULL,
    provider ${TEXT} NOT NULL,
    operation ${TEXT} NOT NULL,
    created_at ${TEXT} NOT NULL,
    outcome ${TEXT},
    completed_at ${TEXT},
    provider_reference ${TEXT}
  );
  CREATE INDEX outbound_calls_checkout ON outbound_calls (checkout_id, operation);

  -- A claim is held until lease_until; subject_id is what it created, written with it.
  CREATE TABLE idempotency_keys (
    scope ${TEXT} NOT NULL,
    key ${TEXT} NOT NULL,
    request_hash ${TEXT} NOT NULL,
    created_at ${TEXT} NOT NULL,
    lease_until ${TEXT} NOT NULL,
    subject_id ${TEXT},
    response_status INTEGER,
    response_body ${TEXT},
    PRIMARY KEY (scope, key)
  );

  CREATE TABLE payouts (
    id ${TEXT} PRIMARY KEY,
    provider ${TEXT} NOT NULL,
    amount ${TEXT} NOT NULL,
    currency ${TEXT} NOT NULL,
    reference ${TEXT} NOT NULL,
    phone ${TEXT} NOT NULL,
    status ${TEXT} NOT NULL CHECK (status IN ('processing', 'paid', 'failed')),
    reason ${TEXT},
    provider_status ${TEXT},
    reference_id ${TEXT} NOT NULL,
    created_at ${TEXT} NOT NULL,
    updated_at ${TEXT} NOT NULL,
    version INTEGER NOT NULL,
    next_poll_at ${TEXT},
    poll_attempts INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX payouts_reference_id ON payouts (provider, reference_id);
  CREATE INDEX payouts_due_polls ON payouts (next_poll_at) WHERE status = 'processing';

  CREATE TABLE payout_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payout_id ${TEXT} NOT NULL REFERENCES payouts (id),
    at ${TEXT} NOT NULL,
    source ${TEXT} NOT NULL,
    status ${TEXT} NOT NULL,
    reason ${TEXT},
    provider_status ${TEXT}
  );
  CREATE INDEX payout_events_payout ON payout_events (payout_id, seq);
  CREATE TRIGGER payout_events_append_only BEFORE UPDATE OR DELETE ON payout_events
    FOR EACH ROW EXECUTE FUNCTION append_only();

  -- The merchant-webhook outbox: written in the same transaction as the change it tells of.
  CREATE TABLE webhook_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id ${TEXT} NOT NULL UNIQUE,
    type ${TEXT} NOT NULL,
    subject_id ${TEXT} NOT NULL,
    created_at ${TEXT} NOT NULL,
    payload TEXT NOT NULL,
    state ${TEXT} NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    schedule_step INTEGER NOT NULL DEFAULT 0,
    next_attempt_at ${TEXT},
    last_attempt_at ${TEXT},
    last_status INTEGER,
    last_error TEXT,
    last_response TEXT,
    delivered_at ${TEXT}
  );
  CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at) WHERE state = 'pending';
  CREATE INDEX webhook_events_subject ON webhook_events (subject_id, seq);
  CREATE INDEX webhook_events_type ON webhook_events (type, seq);
  `,
  // The provider rate limits' counters (rate-limiter/postgres.ts), in rate-limiter-flexible's own
  // layout: made here, under the migration lock, since instances starting at once would race to.
  `
  CREATE TABLE IF NOT EXISTS provider_call_slots (
    key varchar(255) PRIMARY KEY,
    points integer NOT NULL DEFAULT 0,
    expire bigint
  );
  `,
  // Who holds an Idempotency-Key's claim (a random id per request): a request that outlived its lease
  // can no longer name, finish or free a claim another request has taken over. And leases apart from
  // the schedules: a request to poll sooner moves the schedule, never another worker's lease.
  `
  ALTER TABLE idempotency_keys ADD COLUMN holder ${TEXT};
  ALTER TABLE checkouts ADD COLUMN poll_leased_until ${TEXT};
  ALTER TABLE checkouts ADD COLUMN receipt_leased_until ${TEXT};
  ALTER TABLE payouts ADD COLUMN poll_leased_until ${TEXT};
  ALTER TABLE webhook_events ADD COLUMN leased_until ${TEXT};
  `,
];

/** One key per schema: instances starting at once on one schema take turns; other schemas go on. */
const LOCK = "hashtext('momo-checkout schema_migrations ' || current_schema())";

/**
 * Applies the migrations not yet applied, all in one transaction under an advisory lock: instances
 * starting at once wait for the first, then find nothing left to do. DDL is transactional here, so a
 * failed migration leaves the schema as it was.
 */
export async function migratePostgres(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = await appliedVersion(client);
    for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= applied) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** The latest migration applied; 0 on an empty schema. */
export async function appliedVersion(db: Pool | PoolClient): Promise<number> {
  const { rows } = await db.query<{ v: number }>('SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_migrations');
  return rows[0]!.v;
}
