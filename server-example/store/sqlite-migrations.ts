/** Schema migrations, applied in order; a migration is never edited once released. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE checkouts (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    method TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    reference TEXT NOT NULL,
    description TEXT,
    payer TEXT,
    items TEXT,
    locale TEXT,
    metadata TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    provider_reference TEXT,
    provider_status TEXT,
    instructions TEXT NOT NULL,
    receipt_url TEXT,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    next_poll_at TEXT,
    poll_attempts INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX checkouts_provider_reference ON checkouts (provider, provider_reference);
  CREATE INDEX checkouts_due_polls ON checkouts (next_poll_at) WHERE status IN ('pending', 'processing');

  CREATE TABLE checkout_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    checkout_id TEXT NOT NULL REFERENCES checkouts (id),
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    provider_status TEXT
  );
  CREATE INDEX checkout_events_checkout ON checkout_events (checkout_id, seq);
  -- The event log is append-only.
  CREATE TRIGGER checkout_events_no_update BEFORE UPDATE ON checkout_events
    BEGIN SELECT RAISE(ABORT, 'checkout_events is append-only'); END;
  CREATE TRIGGER checkout_events_no_delete BEFORE DELETE ON checkout_events
    BEGIN SELECT RAISE(ABORT, 'checkout_events is append-only'); END;

  CREATE TABLE outbound_calls (
    reference_id TEXT PRIMARY KEY,
    checkout_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    operation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    outcome TEXT,
    completed_at TEXT
  );

  CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    PRIMARY KEY (scope, key)
  );
  `,
  `
  -- When the payer asked for a push to their phone: one push per checkout, whoever clicks twice.
  ALTER TABLE checkouts ADD COLUMN pay_started_at TEXT;
  `,
  `
  -- Payouts: money sent to a wallet. reference_id is the provider-side id, stored before the call.
  CREATE TABLE payouts (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    reference TEXT NOT NULL,
    phone TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('processing', 'paid', 'failed')),
    reason TEXT,
    provider_status TEXT,
    reference_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    next_poll_at TEXT,
    poll_attempts INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX payouts_reference_id ON payouts (provider, reference_id);
  CREATE INDEX payouts_due_polls ON payouts (next_poll_at) WHERE status = 'processing';

  CREATE TABLE payout_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    payout_id TEXT NOT NULL REFERENCES payouts (id),
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    provider_status TEXT
  );
  CREATE INDEX payout_events_payout ON payout_events (payout_id, seq);
  CREATE TRIGGER payout_events_no_update BEFORE UPDATE ON payout_events
    BEGIN SELECT RAISE(ABORT, 'payout_events is append-only'); END;
  CREATE TRIGGER payout_events_no_delete BEFORE DELETE ON payout_events
    BEGIN SELECT RAISE(ABORT, 'payout_events is append-only'); END;
  `,
  `
  -- A paid checkout whose receipt the provider issues later is asked again, a bounded number of times.
  ALTER TABLE checkouts ADD COLUMN receipt_poll_at TEXT;
  ALTER TABLE checkouts ADD COLUMN receipt_polls INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX checkouts_due_receipts ON checkouts (receipt_poll_at) WHERE receipt_poll_at IS NOT NULL;
  `,
  `
  -- How an outcome_unknown checkout was settled (by a person, or the provider's late word).
  ALTER TABLE checkouts ADD COLUMN resolution TEXT;
  ALTER TABLE checkout_events ADD COLUMN resolution TEXT;
  -- The operations list: newest first, by a (created_at, id) cursor.
  CREATE INDEX checkouts_created ON checkouts (created_at DESC, id DESC);

  -- The merchant-webhook outbox: written in the same transaction as the change it tells of.
  CREATE TABLE webhook_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    schedule_step INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_attempt_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    last_response TEXT,
    delivered_at TEXT
  );
  CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at) WHERE state = 'pending';
  CREATE INDEX webhook_events_subject ON webhook_events (subject_id, seq);
  CREATE INDEX webhook_events_type ON webhook_events (type, seq);
  `,
  `
  -- What the provider will know a call's payment by, when it gives it mid-call (Dollr: the invoice
  -- an execution pays), noted before the step that cannot be undone: a restart asks by it.
  ALTER TABLE outbound_calls ADD COLUMN provider_reference TEXT;
  `,
  `
  -- 7. The latest push to the payer's phone (JSON): the masked number it went to, when, until when the
  -- provider keeps it, and whether it ended there unpaid. Never the whole number.
  ALTER TABLE checkouts ADD COLUMN push TEXT;
  `,
  `
  -- 8. Proof of payment (JSON: the provider's transaction id, when it was paid), written with the
  -- paid status and never changed; and what the payer is charged in all once a provider fee applies.
  ALTER TABLE checkouts ADD COLUMN payment TEXT;
  ALTER TABLE checkouts ADD COLUMN charge TEXT;
  `,
  `
  -- 9. Every push that ended at the provider unpaid, by the reference the provider knew it by: a late
  -- word about it (money moved after all) still finds its checkout, and what it left payable there
  -- (a Dollr invoice) is withdrawn, retried until it is (withdrawn_at: withdrawn, or nothing to withdraw).
  CREATE TABLE ended_pushes (
    provider TEXT NOT NULL,
    provider_reference TEXT NOT NULL,
    checkout_id TEXT NOT NULL REFERENCES checkouts (id),
    push_id TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    withdrawn_at TEXT,
    PRIMARY KEY (provider, provider_reference)
  );
  CREATE INDEX ended_pushes_checkout ON ended_pushes (checkout_id);
  -- The push before the one being started: a refused pay puts it back (an ended push stays told of).
  ALTER TABLE checkouts ADD COLUMN push_before TEXT;
  -- The fees the payer was shown per wallet method (JSON, Dollr): a correction back to one of them agrees to it.
  ALTER TABLE checkouts ADD COLUMN shown_fees TEXT;
  `,
  `
  -- 10. An Idempotency-Key's claim is held until lease_until: one still unfinished past it died with
  -- its request, and the next request with the key takes it over. subject_id names the checkout (or
  -- payout) the claim created, written in the same transaction: a takeover finishes that one.
  ALTER TABLE idempotency_keys ADD COLUMN lease_until TEXT;
  ALTER TABLE idempotency_keys ADD COLUMN subject_id TEXT;
  -- Unfinished claims from before keep the five minutes they were given then.
  UPDATE idempotency_keys SET lease_until = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+5 minutes') WHERE response_status IS NULL;
  `,
  `
  -- 11. Who holds an Idempotency-Key's claim (a random id per request): a request that outlived its
  -- lease can no longer name, finish or free a claim another request has taken over.
  ALTER TABLE idempotency_keys ADD COLUMN holder TEXT;
  -- A lease apart from the schedule: a due row taken by a worker is leased until then, and a request
  -- to poll sooner (a callback that could not be confirmed) moves the schedule, never the lease.
  ALTER TABLE checkouts ADD COLUMN poll_leased_until TEXT;
  ALTER TABLE checkouts ADD COLUMN receipt_leased_until TEXT;
  ALTER TABLE payouts ADD COLUMN poll_leased_until TEXT;
  ALTER TABLE webhook_events ADD COLUMN leased_until TEXT;
  `,
];
