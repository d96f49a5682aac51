import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OPEN_PAYOUT_STATES, OPEN_STATUSES, PAYABLE_STATUS, sqlList, UNKNOWN_OUTCOME } from '../lifecycle/rules';
import { CHECKOUT_STATUS_COLUMNS, json, type Row, toCheckout, toCheckoutStatus, toEndedPush, toEvent, toPayout, toPayoutEvent, toWebhookEvent } from './rows';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import {
  ClaimLostError,
  type CheckoutRecord,
  type CreationRecord,
  type IdempotencyClaim,
  type IdempotencyHold,
  type OutboxEvent,
  type PayoutRecord,
  type PayoutStatusChange,
  type Store,
} from './types';

const OPEN = sqlList(OPEN_STATUSES);
const OPEN_PAYOUTS = sqlList(OPEN_PAYOUT_STATES);

function migrate(db: Database.Database) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  SQLITE_MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (version <= applied) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    })();
  });
}

/** The default store: one SQLite file, migrated on open. */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const statements = {
    insert: db.prepare(`INSERT INTO checkouts (id, provider, method, amount, currency, reference, description, payer, items,
      locale, metadata, status, reason, provider_reference, provider_status, instructions, receipt_url, expires_at,
      created_at, updated_at, version, next_poll_at, poll_attempts)
      VALUES (@id, @provider, @method, @amount, @currency, @reference, @description, @payer, @items, @locale, @metadata,
      @status, @reason, @providerReference, @providerStatus, @instructions, @receiptUrl, @expiresAt, @createdAt,
      @updatedAt, @version, @nextPollAt, @pollAttempts)`),
    get: db.prepare('SELECT * FROM checkouts WHERE id = ?'),
    version: db.prepare('SELECT version FROM checkouts WHERE id = ?').pluck(),
    versions: db.prepare('SELECT id, version FROM checkouts WHERE id IN (SELECT value FROM json_each(?))'),
    byProviderReference: db.prepare('SELECT * FROM checkouts WHERE provider = ? AND provider_reference = ?'),
    // A late word about an ended push (paid after all) must still reach its checkout.
    byEndedReference: db.prepare(`SELECT c.* FROM ended_pushes e JOIN checkouts c ON c.id = e.checkout_id
      WHERE e.provider = ? AND e.provider_reference = ?`),
    endedPushes: db.prepare('SELECT * FROM ended_pushes WHERE checkout_id = @id AND (@open = 0 OR withdrawn_at IS NULL) ORDER BY ended_at, rowid'),
    insertEndedPush: db.prepare(`INSERT OR IGNORE INTO ended_pushes (provider, provider_reference, checkout_id, push_id, ended_at)
      VALUES (@provider, @providerReference, @id, @pushId, @at)`),
    settleEndedPush: db.prepare('UPDATE ended_pushes SET withdrawn_at = COALESCE(withdrawn_at, ?) WHERE provider = ? AND provider_reference = ?'),
    // Merged in SQL: two instances noting fees at once lose neither.
    noteShownFees: db.prepare("UPDATE checkouts SET shown_fees = json_patch(COALESCE(shown_fees, '{}'), ?) WHERE id = ?"),
    // Every filter optional (NULL: any); the keyset (created_at, id) walks the checkouts_created index.
    listCheckouts: db.prepare(`SELECT * FROM checkouts
      WHERE (@status IS NULL OR status = @status) AND (@reason IS NULL OR reason = @reason)
      AND (@provider IS NULL OR provider = @provider) AND (@method IS NULL OR method = @method)
      AND (@reference IS NULL OR reference = @reference)
      AND (@createdFrom IS NULL OR created_at >= @createdFrom) AND (@createdTo IS NULL OR created_at < @createdTo)
      AND (@afterCreatedAt IS NULL OR (created_at, id) < (@afterCreatedAt, @afterId))
      ORDER BY created_at DESC, id DESC LIMIT @limit`),
    providerDetails: db.prepare('UPDATE checkouts SET provider_reference = COALESCE(?, provider_reference), instructions = ?, expires_at = COALESCE(?, expires_at) WHERE id = ?'),
    // A proof of payment, once written, is never replaced; the charge is the latest the provider gave.
    setStatus: db.prepare(`UPDATE checkouts SET status = @status, reason = @reason, provider_status = COALESCE(@providerStatus, provider_status),
      receipt_url = COALESCE(@receiptUrl, receipt_url), receipt_poll_at = @receiptPollAt, payment = COALESCE(payment, @payment),
      charge = COALESCE(@charge, charge), updated_at = @at, version = version + 1
      WHERE id = @id AND version = @expectedVersion AND status IN (${OPEN})`),
    setCharge: db.prepare(`UPDATE checkouts SET charge = @charge, updated_at = @at, version = version + 1
      WHERE id = @id AND version = @expectedVersion AND status IN (${OPEN})`),
    addReceipt: db.prepare(`UPDATE checkouts SET receipt_url = @receiptUrl, receipt_poll_at = NULL, updated_at = @at, version = version + 1
      WHERE id = @id AND version = @expectedVersion AND receipt_url IS NULL`),
    appendEvent: db.prepare(`INSERT INTO checkout_events (checkout_id, at, source, status, reason, provider_status, resolution)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    // Only an unknown outcome, once; the status itself never changes here.
    setResolution: db.prepare(`UPDATE checkouts SET resolution = @resolution, updated_at = @at, version = version + 1
      WHERE id = @id AND version = @expectedVersion AND resolution IS NULL AND status = '${UNKNOWN_OUTCOME.status}' AND reason = '${UNKNOWN_OUTCOME.reason}'`),
    insertOutbox: db.prepare(`INSERT INTO webhook_events (id, type, subject_id, created_at, payload, state, next_attempt_at)
      VALUES (@id, @type, @subjectId, @createdAt, @payload, 'pending', @createdAt)`),
    dueWebhooks: db.prepare(`SELECT * FROM webhook_events e WHERE state = 'pending' AND next_attempt_at <= @now
      AND (leased_until IS NULL OR leased_until <= @now)
      AND NOT EXISTS (SELECT 1 FROM webhook_events p WHERE p.subject_id = e.subject_id AND p.state = 'pending' AND p.seq < e.seq)
      ORDER BY next_attempt_at, seq LIMIT @limit`),
    // The attempt ended: so does its lease (fenced, like every holder's write: only while the lease is still @lease).
    recordWebhookAttempt: db.prepare(`UPDATE webhook_events SET attempts = attempts + 1, state = @state, schedule_step = @scheduleStep, leased_until = NULL,
      next_attempt_at = @nextAttemptAt, last_attempt_at = @at, last_status = @status, last_error = @error, last_response = @response,
      delivered_at = CASE WHEN @state = 'delivered' THEN @at ELSE delivered_at END WHERE id = @id AND leased_until = @lease`),
    getWebhook: db.prepare('SELECT * FROM webhook_events WHERE id = ?'),
    // The lease stays: an attempt in flight is never doubled.
    resendWebhook: db.prepare("UPDATE webhook_events SET state = 'pending', schedule_step = 0, next_attempt_at = ? WHERE id = ?"),
    releaseWebhook: db.prepare('UPDATE webhook_events SET leased_until = NULL WHERE id = ? AND leased_until = ?'),
    // Only while pending and no push is live: never two on one checkout, nor one on a checkout the reconciler has just closed.
    startPay: db.prepare(`UPDATE checkouts SET pay_started_at = @at, push_before = push, push = COALESCE(@push, push), updated_at = @at, version = version + 1
      WHERE id = @id AND pay_started_at IS NULL AND status = '${PAYABLE_STATUS}'`),
    // Refused, so nothing went to the phone: the push before it (an ended one, or none) is told of again.
    releasePay: db.prepare(`UPDATE checkouts SET pay_started_at = NULL, push = push_before, push_before = NULL,
      updated_at = COALESCE(@at, updated_at), version = version + 1 WHERE id = @id`),
    // The charge was that push's (its operator's fee): the next push brings its own.
    endPush: db.prepare(`UPDATE checkouts SET status = @status, reason = NULL, provider_status = COALESCE(@providerStatus, provider_status),
      pay_started_at = NULL, provider_reference = NULL, charge = NULL, push = @push, push_before = NULL, updated_at = @at, version = version + 1
      WHERE id = @id AND version = @expectedVersion AND status IN (${OPEN})`),
    events: db.prepare('SELECT * FROM checkout_events WHERE checkout_id = ? ORDER BY seq'),
    recordCall: db.prepare('INSERT INTO outbound_calls (reference_id, checkout_id, provider, operation, created_at) VALUES (?, ?, ?, ?, ?)'),
    completeCall: db.prepare('UPDATE outbound_calls SET outcome = ?, completed_at = ? WHERE reference_id = ?'),
    noteCall: db.prepare('UPDATE outbound_calls SET provider_reference = ? WHERE reference_id = ?'),
    callReference: db.prepare('SELECT provider_reference FROM outbound_calls WHERE reference_id = ?'),
    unfinishedCall: db.prepare(
      'SELECT COALESCE(provider_reference, reference_id) AS reference_id FROM outbound_calls WHERE checkout_id = ? AND operation = ? AND outcome IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1',
    ),
    duePolls: db.prepare(`SELECT * FROM checkouts WHERE status IN (${OPEN})
      AND (next_poll_at IS NULL OR next_poll_at <= @now) AND (poll_leased_until IS NULL OR poll_leased_until <= @now)
      ORDER BY next_poll_at LIMIT @limit`),
    // The holder's: ends the lease, keeping a sooner poll asked for meanwhile (next_poll_at moved below the lease).
    schedulePoll: db.prepare(`UPDATE checkouts SET next_poll_at = CASE WHEN next_poll_at < poll_leased_until AND next_poll_at < @at THEN next_poll_at ELSE @at END,
      poll_leased_until = NULL, poll_attempts = @attempts WHERE id = @id AND poll_leased_until = @lease`),
    // A renewed lease moves the due time with it, unless a poll asked for meanwhile is sooner.
    renewPollLease: db.prepare(`UPDATE checkouts SET poll_leased_until = @leaseUntil,
      next_poll_at = CASE WHEN next_poll_at < poll_leased_until THEN next_poll_at ELSE @leaseUntil END
      WHERE id = @id AND poll_leased_until = @lease AND status IN (${OPEN}) RETURNING *`),
    requestPoll: db.prepare('UPDATE checkouts SET next_poll_at = @at WHERE id = @id AND (next_poll_at IS NULL OR next_poll_at > @at)'),
    dueReceiptPolls: db.prepare(`SELECT * FROM checkouts WHERE receipt_poll_at IS NOT NULL AND receipt_poll_at <= @now
      AND (receipt_leased_until IS NULL OR receipt_leased_until <= @now)
      AND status = 'paid' AND receipt_url IS NULL ORDER BY receipt_poll_at LIMIT @limit`),
    // Likewise; NULL (stop asking) is later than any time, so a sooner ask asked for meanwhile is kept.
    scheduleReceiptPoll: db.prepare(`UPDATE checkouts SET
      receipt_poll_at = CASE WHEN receipt_poll_at < receipt_leased_until AND (@at IS NULL OR receipt_poll_at < @at) THEN receipt_poll_at ELSE @at END,
      receipt_leased_until = NULL, receipt_polls = @polls WHERE id = @id AND (@lease IS NULL OR receipt_leased_until = @lease)`),
    renewReceiptPollLease: db.prepare(`UPDATE checkouts SET receipt_leased_until = @leaseUntil,
      receipt_poll_at = CASE WHEN receipt_poll_at < receipt_leased_until THEN receipt_poll_at ELSE @leaseUntil END
      WHERE id = @id AND receipt_leased_until = @lease AND status = 'paid' AND receipt_url IS NULL RETURNING *`),
    requestReceiptPoll: db.prepare(`UPDATE checkouts SET receipt_poll_at = @at
      WHERE id = @id AND status = 'paid' AND receipt_url IS NULL AND (receipt_poll_at IS NULL OR receipt_poll_at > @at)`),
    insertPayout: db.prepare(`INSERT INTO payouts (id, provider, amount, currency, reference, phone, status, reason,
      provider_status, reference_id, created_at, updated_at, version, next_poll_at, poll_attempts)
      VALUES (@id, @provider, @amount, @currency, @reference, @phone, @status, @reason, @providerStatus, @referenceId,
      @createdAt, @updatedAt, @version, @nextPollAt, @pollAttempts)`),
    getPayout: db.prepare('SELECT * FROM payouts WHERE id = ?'),
    // Paid and failed are final: only a processing payout at the expected version changes.
    setPayoutStatus: db.prepare(`UPDATE payouts SET status = @status, reason = @reason,
      provider_status = COALESCE(@providerStatus, provider_status), updated_at = @at, version = version + 1
      WHERE id = @id AND version = @expectedVersion AND status IN (${OPEN_PAYOUTS})`),
    appendPayoutEvent: db.prepare(`INSERT INTO payout_events (payout_id, at, source, status, reason, provider_status)
      VALUES (?, ?, ?, ?, ?, ?)`),
    payoutEvents: db.prepare('SELECT * FROM payout_events WHERE payout_id = ? ORDER BY seq'),
    duePayoutPolls: db.prepare(`SELECT * FROM payouts WHERE status IN (${OPEN_PAYOUTS})
      AND (next_poll_at IS NULL OR next_poll_at <= @now) AND (poll_leased_until IS NULL OR poll_leased_until <= @now)
      ORDER BY next_poll_at LIMIT @limit`),
    schedulePayoutPoll: db.prepare('UPDATE payouts SET next_poll_at = ?, poll_leased_until = NULL, poll_attempts = ? WHERE id = ? AND poll_leased_until = ?'),
    renewPayoutPollLease: db.prepare(`UPDATE payouts SET poll_leased_until = @leaseUntil, next_poll_at = @leaseUntil
      WHERE id = @id AND poll_leased_until = @lease AND status IN (${OPEN_PAYOUTS}) RETURNING *`),
    insertKey: db.prepare('INSERT OR IGNORE INTO idempotency_keys (scope, key, holder, request_hash, created_at, lease_until) VALUES (?, ?, ?, ?, ?, ?)'),
    getKey: db.prepare('SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?'),
    takeOverKey: db.prepare('UPDATE idempotency_keys SET lease_until = ?, holder = ? WHERE scope = ? AND key = ?'),
    // Only a claim still the holder's, unfinished and naming nothing yet: a holder taken over creates nothing.
    nameKeySubject: db.prepare('UPDATE idempotency_keys SET subject_id = ? WHERE scope = ? AND key = ? AND holder = ? AND response_status IS NULL AND subject_id IS NULL'),
    // A poll's due time moves with its lease: should the lease lapse (its instance died), it is due again.
    leasePoll: db.prepare('UPDATE checkouts SET poll_leased_until = @leaseUntil, next_poll_at = @leaseUntil WHERE id = @id'),
    leaseReceiptPoll: db.prepare('UPDATE checkouts SET receipt_leased_until = @leaseUntil, receipt_poll_at = @leaseUntil WHERE id = @id'),
    leasePayoutPoll: db.prepare('UPDATE payouts SET poll_leased_until = @leaseUntil, next_poll_at = @leaseUntil WHERE id = @id'),
    leaseWebhook: db.prepare('UPDATE webhook_events SET leased_until = @leaseUntil WHERE id = @id'),
    migrationsApplied: db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations'),
    completeKey: db.prepare('UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE scope = ? AND key = ? AND holder = ? AND response_status IS NULL'),
    lapseKey: db.prepare("UPDATE idempotency_keys SET lease_until = '1970-01-01T00:00:00.000Z' WHERE scope = ? AND key = ? AND holder = ? AND response_status IS NULL"),
    releaseKey: db.prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND holder = ? AND response_status IS NULL'),
  };

  /** What a creation writes beside its checkout or payout: its key's claim names it, its first call is recorded. */
  const writeCreation = (subjectId: string, record: CreationRecord | undefined) => {
    if (record?.idempotency) {
      const { scope, key, holder } = record.idempotency;
      if (statements.nameKeySubject.run(subjectId, scope, key, holder).changes !== 1) {
        throw new ClaimLostError(scope, key);
      }
    }
    const call = record?.call;
    if (call) statements.recordCall.run(call.referenceId, call.checkoutId, call.provider, call.operation, call.createdAt);
  };

  const insertCheckout = db.transaction((c: CheckoutRecord, record?: CreationRecord) => {
    statements.insert.run({
      ...c,
      description: c.description ?? null,
      payer: json(c.payer),
      items: json(c.items),
      locale: c.locale ?? null,
      metadata: json(c.metadata),
      reason: c.reason ?? null,
      providerReference: c.providerReference ?? null,
      providerStatus: c.providerStatus ?? null,
      instructions: JSON.stringify(c.instructions),
      receiptUrl: c.receiptUrl ?? null,
      nextPollAt: c.nextPollAt ?? null,
    });
    statements.appendEvent.run(c.id, c.createdAt, 'create', c.status, c.reason ?? null, c.providerStatus ?? null, null);
    writeCreation(c.id, record);
  });

  const writeOutbox = (event: OutboxEvent | undefined) => {
    if (event) statements.insertOutbox.run(event);
  };

  const changeStatus = db.transaction((id: string, expectedVersion: number, change: Parameters<Store['changeStatus']>[2], outbox?: OutboxEvent) => {
    const result = statements.setStatus.run({
      id,
      expectedVersion,
      status: change.status,
      reason: change.reason ?? null,
      providerStatus: change.providerStatus ?? null,
      receiptUrl: change.receiptUrl ?? null,
      receiptPollAt: change.receiptPollAt ?? null,
      payment: json(change.payment),
      charge: json(change.charge),
      at: change.at,
    });
    if (result.changes === 0) return false;
    statements.appendEvent.run(id, change.at, change.source, change.status, change.reason ?? null, change.providerStatus ?? null, null);
    writeOutbox(outbox);
    return true;
  });

  const endPush = db.transaction((id: string, expectedVersion: number, change: Parameters<Store['endPush']>[2], push: Parameters<Store['endPush']>[3]) => {
    const result = statements.endPush.run({ id, expectedVersion, status: change.status, providerStatus: change.providerStatus ?? null, push: JSON.stringify(push), at: change.at });
    if (result.changes === 0) return false;
    // Still found by its reference, and what it left payable is withdrawn (lifecycle, onPushEnded).
    if (push.endedReference) {
      const { provider } = statements.get.get(id) as { provider: string };
      statements.insertEndedPush.run({ provider, providerReference: push.endedReference, id, pushId: push.id, at: change.at });
    }
    // The event keeps why the push ended, though the checkout itself has no reason while pending.
    statements.appendEvent.run(id, change.at, change.source, change.status, change.reason ?? null, change.providerStatus ?? null, null);
    return true;
  });

  const addReceipt = db.transaction((id: string, expectedVersion: number, receiptUrl: string, at: string, outbox?: OutboxEvent) => {
    if (statements.addReceipt.run({ id, expectedVersion, receiptUrl, at }).changes === 0) return false;
    writeOutbox(outbox);
    return true;
  });

  const recordResolution = db.transaction((id: string, expectedVersion: number, resolution: Parameters<Store['recordResolution']>[2], source: string, outbox: OutboxEvent) => {
    const at = resolution.resolvedAt;
    if (statements.setResolution.run({ id, expectedVersion, resolution: JSON.stringify(resolution), at }).changes === 0) return false;
    const checkout = statements.get.get(id) as Row;
    statements.appendEvent.run(id, at, source, checkout.status, checkout.reason, checkout.provider_status, JSON.stringify(resolution));
    writeOutbox(outbox);
    return true;
  });

  const insertPayout = db.transaction((p: PayoutRecord, record?: CreationRecord) => {
    statements.insertPayout.run({ ...p, reason: p.reason ?? null, providerStatus: p.providerStatus ?? null, nextPollAt: p.nextPollAt ?? null });
    statements.appendPayoutEvent.run(p.id, p.createdAt, 'create', p.status, p.reason ?? null, p.providerStatus ?? null);
    writeCreation(p.id, record);
  });

  const changePayoutStatus = db.transaction((id: string, expectedVersion: number, change: PayoutStatusChange, outbox?: OutboxEvent) => {
    const result = statements.setPayoutStatus.run({
      id,
      expectedVersion,
      status: change.status,
      reason: change.reason ?? null,
      providerStatus: change.providerStatus ?? null,
      at: change.at,
    });
    if (result.changes === 0) return false;
    statements.appendPayoutEvent.run(id, change.at, change.source, change.status, change.reason ?? null, change.providerStatus ?? null);
    writeOutbox(outbox);
    return true;
  });

  const claimKey = db.transaction(({ scope, key, holder }: IdempotencyHold, requestHash: string, now: string, leaseUntil: string): IdempotencyClaim => {
    if (statements.insertKey.run(scope, key, holder, requestHash, now, leaseUntil).changes === 1) return { state: 'claimed' };
    const row = statements.getKey.get(scope, key) as Row;
    if (row.response_status === null) {
      // Taken over only by the same request, once its holder's lease lapsed (the holder died).
      const lapsed = row.lease_until === null || (row.lease_until as string) < now;
      if (row.request_hash === requestHash && lapsed) {
        statements.takeOverKey.run(leaseUntil, holder, scope, key);
        return { state: 'resumed', requestHash, ...(row.subject_id === null ? {} : { subjectId: row.subject_id as string }) };
      }
      return { state: 'in_progress', requestHash: row.request_hash as string };
    }
    return {
      state: 'done',
      requestHash: row.request_hash as string,
      responseStatus: row.response_status as number,
      responseBody: row.response_body as string,
    };
  });

  /**
   * The due rows, read and (with `leaseUntil`) taken in one write transaction: leased until
   * `leaseUntil`, so no other store on this file gets them until the holder ends the lease or it
   * lapses. IMMEDIATE takes the write lock before the read: two instances never read the same rows free.
   */
  function due<T>(select: Database.Statement, lease: Database.Statement, toRecord: (row: Row) => T) {
    const take = db.transaction((now: string, limit: number, leaseUntil: string) => {
      const rows = select.all({ now, limit }) as Row[];
      for (const row of rows) lease.run({ leaseUntil, id: row.id });
      return rows;
    });
    return async (now: string, limit: number, leaseUntil?: string): Promise<T[]> =>
      (leaseUntil === undefined ? (select.all({ now, limit }) as Row[]) : take.immediate(now, limit, leaseUntil)).map(toRecord);
  }

  return {
    async insertCheckout(c, record) {
      insertCheckout(c, record);
    },
    async getCheckout(id) {
      const row = statements.get.get(id) as Row | undefined;
      return row && toCheckout(row);
    },
    async checkoutVersion(id) {
      return statements.version.get(id) as number | undefined;
    },
    async checkoutVersions(ids) {
      const rows = statements.versions.all(JSON.stringify(ids)) as { id: string; version: number }[];
      return new Map(rows.map((row) => [row.id, row.version]));
    },
    // Prepared once, as the store opens.
    checkoutStatus: (() => {
      const read = db.prepare(`SELECT ${CHECKOUT_STATUS_COLUMNS} FROM checkouts WHERE id = ?`);
      return async (id: string) => {
        const row = read.get(id) as Row | undefined;
        return row && toCheckoutStatus(id, row);
      };
    })(),
    async findByProviderReference(provider, providerReference) {
      const row = (statements.byProviderReference.get(provider, providerReference) ?? statements.byEndedReference.get(provider, providerReference)) as Row | undefined;
      return row && toCheckout(row);
    },
    async endedPushes(checkoutId, options) {
      return (statements.endedPushes.all({ id: checkoutId, open: options?.open ? 1 : 0 }) as Row[]).map(toEndedPush);
    },
    async settleEndedPush(provider, providerReference, at) {
      statements.settleEndedPush.run(at, provider, providerReference);
    },
    async noteShownFees(id, fees) {
      if (Object.keys(fees).length > 0) statements.noteShownFees.run(JSON.stringify(fees), id);
    },
    async listCheckouts({ after, limit, ...filters }) {
      const rows = statements.listCheckouts.all({
        status: filters.status ?? null,
        reason: filters.reason ?? null,
        provider: filters.provider ?? null,
        method: filters.method ?? null,
        reference: filters.reference ?? null,
        createdFrom: filters.createdFrom ?? null,
        createdTo: filters.createdTo ?? null,
        afterCreatedAt: after?.createdAt ?? null,
        afterId: after?.id ?? null,
        limit,
      });
      return (rows as Row[]).map(toCheckout);
    },
    async updateProviderDetails(id, details) {
      statements.providerDetails.run(details.providerReference ?? null, JSON.stringify(details.instructions), details.expiresAt ?? null, id);
    },
    async changeStatus(id, expectedVersion, change, outbox) {
      return changeStatus(id, expectedVersion, change, outbox);
    },
    async recordResolution(id, expectedVersion, resolution, source, outbox) {
      return recordResolution(id, expectedVersion, resolution, source, outbox);
    },
    async listEvents(checkoutId) {
      return (statements.events.all(checkoutId) as Row[]).map(toEvent);
    },
    async addReceipt(id, expectedVersion, receiptUrl, at, outbox) {
      return addReceipt(id, expectedVersion, receiptUrl, at, outbox);
    },
    async updateCharge(id, expectedVersion, charge, at) {
      return statements.setCharge.run({ id, expectedVersion, charge: JSON.stringify(charge), at }).changes === 1;
    },
    async startPay(id, at, push) {
      return statements.startPay.run({ id, at, push: json(push) }).changes === 1;
    },
    async releasePay(id, at) {
      statements.releasePay.run({ id, at: at ?? null });
    },
    async endPush(id, expectedVersion, change, push) {
      return endPush(id, expectedVersion, change, push);
    },
    async recordOutboundCall(call) {
      statements.recordCall.run(call.referenceId, call.checkoutId, call.provider, call.operation, call.createdAt);
    },
    async completeOutboundCall(referenceId, outcome, at) {
      statements.completeCall.run(outcome, at, referenceId);
    },
    async noteOutboundCall(referenceId, providerReference) {
      statements.noteCall.run(providerReference, referenceId);
    },
    async callReference(referenceId) {
      return (statements.callReference.get(referenceId) as { provider_reference: string | null } | undefined)?.provider_reference ?? referenceId;
    },
    async unfinishedCall(checkoutId, operation) {
      return (statements.unfinishedCall.get(checkoutId, operation) as { reference_id: string } | undefined)?.reference_id;
    },
    duePolls: due(statements.duePolls, statements.leasePoll, toCheckout),
    async schedulePoll(id, nextPollAt, pollAttempts, lease) {
      return statements.schedulePoll.run({ id, at: nextPollAt, attempts: pollAttempts, lease }).changes === 1;
    },
    async renewPollLease(id, lease, leaseUntil) {
      const row = statements.renewPollLease.get({ id, lease, leaseUntil }) as Row | undefined;
      return row && toCheckout(row);
    },
    async requestPoll(id, at) {
      statements.requestPoll.run({ id, at });
    },
    dueReceiptPolls: due(statements.dueReceiptPolls, statements.leaseReceiptPoll, toCheckout),
    async scheduleReceiptPoll(id, receiptPollAt, receiptPolls, lease) {
      return statements.scheduleReceiptPoll.run({ id, at: receiptPollAt ?? null, polls: receiptPolls, lease: lease ?? null }).changes === 1;
    },
    async renewReceiptPollLease(id, lease, leaseUntil) {
      const row = statements.renewReceiptPollLease.get({ id, lease, leaseUntil }) as Row | undefined;
      return row && toCheckout(row);
    },
    async requestReceiptPoll(id, at) {
      statements.requestReceiptPoll.run({ id, at });
    },
    async insertPayout(p, record) {
      insertPayout(p, record);
    },
    async getPayout(id) {
      const row = statements.getPayout.get(id) as Row | undefined;
      return row && toPayout(row);
    },
    async changePayoutStatus(id, expectedVersion, change, outbox) {
      return changePayoutStatus(id, expectedVersion, change, outbox);
    },
    async listPayoutEvents(payoutId) {
      return (statements.payoutEvents.all(payoutId) as Row[]).map(toPayoutEvent);
    },
    duePayoutPolls: due(statements.duePayoutPolls, statements.leasePayoutPoll, toPayout),
    async schedulePayoutPoll(id, nextPollAt, pollAttempts, lease) {
      return statements.schedulePayoutPoll.run(nextPollAt, pollAttempts, id, lease).changes === 1;
    },
    async renewPayoutPollLease(id, lease, leaseUntil) {
      const row = statements.renewPayoutPollLease.get({ id, lease, leaseUntil }) as Row | undefined;
      return row && toPayout(row);
    },
    async claimIdempotencyKey(hold, requestHash, now, leaseUntil) {
      // IMMEDIATE: two instances on one file claiming one key at once are told apart by the write lock.
      return claimKey.immediate(hold, requestHash, now, leaseUntil);
    },
    async completeIdempotencyKey({ scope, key, holder }, responseStatus, responseBody) {
      return statements.completeKey.run(responseStatus, responseBody, scope, key, holder).changes === 1;
    },
    async releaseIdempotencyKey({ scope, key, holder }) {
      statements.releaseKey.run(scope, key, holder);
    },
    async lapseIdempotencyKey({ scope, key, holder }) {
      statements.lapseKey.run(scope, key, holder);
    },
    dueWebhookEvents: due(statements.dueWebhooks, statements.leaseWebhook, toWebhookEvent),
    async recordWebhookAttempt(id, attempt, lease) {
      return (
        statements.recordWebhookAttempt.run({
          id,
          lease,
          at: attempt.at,
          state: attempt.state,
          scheduleStep: attempt.scheduleStep,
          nextAttemptAt: attempt.nextAttemptAt ?? null,
          status: attempt.status ?? null,
          error: attempt.error ?? null,
          response: attempt.response ?? null,
        }).changes === 1
      );
    },
    async getWebhookEvent(id) {
      const row = statements.getWebhook.get(id) as Row | undefined;
      return row && toWebhookEvent(row);
    },
    async listWebhookEvents({ type, subjectId, beforeSeq, limit }) {
      const conditions: [string, unknown][] = [];
      if (type) conditions.push(['type = ?', type]);
      if (subjectId) conditions.push(['subject_id = ?', subjectId]);
      if (beforeSeq !== undefined) conditions.push(['seq < ?', beforeSeq]);
      const where = conditions.length ? `WHERE ${conditions.map(([sql]) => sql).join(' AND ')}` : '';
      const rows = db.prepare(`SELECT * FROM webhook_events ${where} ORDER BY seq DESC LIMIT ?`).all(...conditions.map(([, value]) => value), limit);
      return (rows as Row[]).map(toWebhookEvent);
    },
    async resendWebhookEvent(id, now) {
      return statements.resendWebhook.run(now, id).changes === 1;
    },
    async releaseWebhookEvent(id, lease) {
      return statements.releaseWebhook.run(id, lease).changes === 1;
    },
    async checkReady() {
      const applied = (statements.migrationsApplied.get() as { v: number }).v;
      if (applied < SQLITE_MIGRATIONS.length) throw new Error(`The database has ${applied} of ${SQLITE_MIGRATIONS.length} migrations applied.`);
    },
    async close() {
      db.close();
    },
  };
}
