/**
 * Dollr's wire API under `/v1` (docs/providers.md, "Dollr"; dollr_api_docs@4b592fc api/*.md and the
 * seed-era docs/api/*.md for field tables). Validation errors come from validate.ts,
 * business refusals from errors.ts; README.md lists every choice made where the docs are silent.
 */
import { Hono, type Context } from 'hono';
import { detail, ERRORS, fieldError, invalid, reply, type DollrError } from './errors';
import {
  currenciesOf,
  DECIMALS,
  FEE_BEARERS,
  METHODS,
  OPERATION_TYPES,
  operatorOf,
  OWNER_TYPES,
  predict,
  PROVIDER_OF,
  PROVIDERS,
  RELATIONSHIP_TYPES,
  SOURCE_TYPES,
  fromMinor,
  toMinor,
  type Method,
  type Provider,
} from './market';
import type { Execution, OperationType, PayoutPasscode, SandboxState } from './state';
import { checkBody, checkParams, readBody, type Spec } from './validate';

export interface ApiOptions {
  clients: readonly { clientId: string; clientSecret: string }[];
  passcode: PayoutPasscode;
  /** Where the hosted receipt pages are, as payers reach them; default: this sandbox's `/receipts`. */
  receiptBaseUrl?: string;
  log: (msg: string, fields?: Record<string, unknown>) => void;
  safeEqual: (a: string, b: string) => boolean;
}

type Values = Record<string, unknown>;
type Parsed = { ok: true; value: Values } | { ok: false; response: Response };

async function body(c: Context, spec: Spec): Promise<Parsed> {
  const read = await readBody(c.req.raw);
  if (!read.ok) return { ok: false, response: reply(c, invalid(read.issues)) };
  const checked = checkBody(spec, read.value);
  return checked.ok ? checked : { ok: false, response: reply(c, invalid(checked.issues)) };
}

function query(c: Context, spec: Spec): Parsed {
  const checked = checkParams(spec, c.req.query());
  return checked.ok ? checked : { ok: false, response: reply(c, invalid(checked.issues)) };
}

function pathId(c: Context, name = 'id'): { ok: true; id: number } | { ok: false; response: Response } {
  const checked = checkParams({ [name]: { type: 'int' } }, { [name]: c.req.param(name) }, 'path');
  return checked.ok ? { ok: true, id: checked.value[name] as number } : { ok: false, response: reply(c, invalid(checked.issues)) };
}

const str = (value: unknown) => value as string;
const num = (value: unknown) => value as number;

/** An amount with more decimals than its currency has. */
function amountError(amount: number, currency: string, loc: (string | number)[]): DollrError | undefined {
  const decimals = DECIMALS[currency];
  if (decimals === undefined) return undefined;
  const minimum = decimals === 0 ? 1 : 1 / 10 ** decimals;
  if (amount < minimum) return fieldError(loc, `ensure this value is greater than or equal to ${minimum}`, 'value_error.number.not_ge');
  if (Math.abs(toMinor(amount, currency) - amount * 10 ** decimals) > 1e-6) return fieldError(loc, `${currency} amounts take at most ${decimals} decimals`);
  return undefined;
}

const currencyError = (currency: string, loc: (string | number)[]): DollrError | undefined => (DECIMALS[currency] === undefined ? fieldError(loc, `unsupported currency ${currency}`) : undefined);

const PASSCODE: Spec = {
  token: { type: 'object', fields: { phone: { type: 'str', optional: true }, user_id: { type: 'str', optional: true }, code: { type: 'str' } } },
  device: {
    type: 'object',
    fields: { name: { type: 'str' }, type: { type: 'str' }, platform: { type: 'str' }, user_agent: { type: 'str' }, client_ip: { type: 'str' } },
  },
};

export function createApi(state: SandboxState, options: ApiOptions): Hono {
  const api = new Hono();
  const isoIn = (ms: number) => new Date(state.now() + ms).toISOString();

  api.post('/jwt/client/obtain/token', async (c) => {
    const parsed = await body(c, { client_id: { type: 'str' }, client_secret: { type: 'str' } });
    if (!parsed.ok) return parsed.response;
    const { client_id, client_secret } = parsed.value;
    const known = options.clients.some((client) => options.safeEqual(client.clientId, str(client_id)) && options.safeEqual(client.clientSecret, str(client_secret)));
    if (!known) {
      options.log('dollr sandbox: refused client credentials', { clientId: client_id });
      return reply(c, ERRORS.badCredentials);
    }
    return c.json(state.issueToken(str(client_id)));
  });

  // ---- Parties and counterparties (api/parties.md, api/counterparties.md)
  api.post('/parties/create', async (c) => {
    const parsed = await body(c, {
      fullname: { type: 'str', minLength: 1 },
      phone: { type: 'str', pattern: /^\d{8,15}$/ },
      email: { type: 'str', optional: true },
      country_code: { type: 'str', optional: true, pattern: /^[A-Z]{2}$/ },
    });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    const party = {
      id: state.id('party'),
      fullname: str(v.fullname),
      phone: str(v.phone),
      email: (v.email as string | null) ?? null,
      country_code: (v.country_code as string | null) ?? null,
      created_at: state.iso(),
      updated_at: state.iso(),
    };
    state.parties.set(party.id, party);
    return c.json(party);
  });

  api.get('/parties/list', (c) => {
    const fullname = c.req.query('fullname')?.toLowerCase();
    return c.json([...state.parties.values()].filter((party) => !fullname || party.fullname.toLowerCase().includes(fullname)));
  });

  api.get('/parties/retrieve/:id', (c) => {
    const id = pathId(c);
    if (!id.ok) return id.response;
    const party = state.parties.get(id.id);
    return party ? c.json(party) : reply(c, detail(404, 'Party not found'));
  });

  const counterpartyWithParty = (id: number) => {
    const counterparty = state.counterparties.get(id)!;
    return { ...counterparty, party: counterparty.party_id === null ? null : (state.parties.get(counterparty.party_id) ?? null) };
  };

  api.post('/counterparties/create', async (c) => {
    const parsed = await body(c, { relationship_type: { type: 'enum', values: RELATIONSHIP_TYPES }, party_id: { type: 'int', optional: true } });
    if (!parsed.ok) return parsed.response;
    const partyId = parsed.value.party_id as number | null;
    if (partyId !== null && !state.parties.has(partyId)) return reply(c, detail(404, 'Party not found'));
    const counterparty = { id: state.id('counterparty'), relationship_type: str(parsed.value.relationship_type), party_id: partyId, created_at: state.iso(), updated_at: state.iso() };
    state.counterparties.set(counterparty.id, counterparty);
    return c.json(counterparty);
  });

  api.get('/counterparties/list', (c) => {
    const parsed = query(c, { fullname: { type: 'str', optional: true }, relationship_type: { type: 'enum', values: RELATIONSHIP_TYPES, optional: true } });
    if (!parsed.ok) return parsed.response;
    const fullname = (parsed.value.fullname as string | null)?.toLowerCase();
    const type = parsed.value.relationship_type as string | null;
    const list = [...state.counterparties.keys()].map(counterpartyWithParty).filter((entry) => {
      if (type && entry.relationship_type !== type) return false;
      return !fullname || Boolean(entry.party?.fullname.toLowerCase().includes(fullname));
    });
    return c.json(list);
  });

  api.get('/counterparties/retrieve/:id', (c) => {
    const id = pathId(c);
    if (!id.ok) return id.response;
    return state.counterparties.has(id.id) ? c.json(counterpartyWithParty(id.id)) : reply(c, detail(404, 'Counterparty not found'));
  });

  // ---- Invoices (api/invoices.md): IDLE → ACTIVE → PROCESSING → PAID | CANCELED
  api.post('/invoices/create', async (c) => {
    const parsed = await body(c, {
      counterparty_id: { type: 'int' },
      currency: { type: 'str', pattern: /^[A-Z]{3}$/ },
      note: { type: 'str' },
      fee_bearer: { type: 'enum', values: FEE_BEARERS },
      as_payment_link: { type: 'bool' },
      reference_id: { type: 'str', optional: true },
      due_date: { type: 'datetime', optional: true },
    });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    const currencyProblem = currencyError(str(v.currency), ['body', 'currency']);
    if (currencyProblem) return reply(c, currencyProblem);
    if (!state.counterparties.has(num(v.counterparty_id))) return reply(c, detail(404, 'Counterparty not found'));
    const id = state.id('invoice');
    const invoice = {
      id,
      invoice_number: `INV-${new Date(state.now()).getUTCFullYear()}-${String(id).padStart(5, '0')}`,
      counterparty_id: num(v.counterparty_id),
      currency: str(v.currency),
      note: str(v.note),
      fee_bearer: str(v.fee_bearer),
      as_payment_link: v.as_payment_link as boolean,
      reference_id: (v.reference_id as string | null) ?? null,
      due_date: (v.due_date as string | null) ?? null,
      status: 'IDLE' as const,
      items: [],
      created_at: state.iso(),
      updated_at: state.iso(),
      paid_at: null,
    };
    state.invoices.set(id, invoice);
    return c.json(state.invoiceBody(invoice));
  });

  api.post('/invoices/:invoice_id/items/add', async (c) => {
    const id = pathId(c, 'invoice_id');
    if (!id.ok) return id.response;
    const parsed = await body(c, { name: { type: 'str', minLength: 1 }, currency: { type: 'str' }, qty: { type: 'int', ge: 1 }, amount: { type: 'float', gt: 0 } });
    if (!parsed.ok) return parsed.response;
    const invoice = state.invoices.get(id.id);
    if (!invoice) return reply(c, detail(404, 'Invoice not found'));
    if (invoice.status !== 'IDLE') return reply(c, detail(422, `Items can only be added while the invoice is IDLE (it is ${invoice.status})`));
    const v = parsed.value;
    if (v.currency !== invoice.currency) return reply(c, fieldError(['body', 'currency'], `item currency must be the invoice currency ${invoice.currency}`));
    const amountProblem = amountError(num(v.amount), invoice.currency, ['body', 'amount']);
    if (amountProblem) return reply(c, amountProblem);
    const item = { id: state.id('item'), invoice_id: invoice.id, name: str(v.name), currency: str(v.currency), qty: num(v.qty), amount: num(v.amount), created_at: state.iso() };
    invoice.items.push(item);
    invoice.updated_at = state.iso();
    return c.json(item);
  });

  api.put('/invoices/publish/:id', (c) => {
    const id = pathId(c);
    if (!id.ok) return id.response;
    const invoice = state.invoices.get(id.id);
    if (!invoice) return reply(c, detail(404, 'Invoice not found'));
    if (invoice.status !== 'IDLE') return reply(c, detail(422, `Only an IDLE invoice can be published (it is ${invoice.status})`));
    if (invoice.items.length === 0) return reply(c, detail(422, 'An invoice needs at least one item to be published'));
    invoice.status = 'ACTIVE';
    invoice.updated_at = state.iso();
    return c.json(state.invoiceBody(invoice));
  });

  api.delete('/invoices/cancel/:id', (c) => {
    const id = pathId(c);
    if (!id.ok) return id.response;
    const invoice = state.invoices.get(id.id);
    if (!invoice) return reply(c, detail(404, 'Invoice not found'));
    if (invoice.status !== 'IDLE' && invoice.status !== 'ACTIVE') return reply(c, detail(422, `An invoice cannot be canceled while ${invoice.status}`));
    invoice.status = 'CANCELED';
    invoice.updated_at = state.iso();
    return c.json(state.invoiceBody(invoice));
  });

  api.get('/invoices/retrieve/:id', (c) => {
    const id = pathId(c);
    if (!id.ok) return id.response;
    const invoice = state.invoices.get(id.id);
    return invoice ? c.json({ ...state.invoiceBody(invoice), counterparty: counterpartyWithParty(invoice.counterparty_id) }) : reply(c, detail(404, 'Invoice not found'));
  });

  /** The receipt (available once the invoice is PAID): amounts, fees, FX rate, provider, items. */
  const receipt = (c: Context, invoice: ReturnType<SandboxState['invoices']['get']>) => {
    if (!invoice) return reply(c, detail(404, 'Invoice not found'));
    const execution = invoice.paidBy ? state.executions.get(invoice.paidBy) : undefined;
    if (invoice.status !== 'PAID' || !execution) return reply(c, detail(422, `A receipt is available once the invoice is PAID (it is ${invoice.status})`));
    const readyAt = Date.parse(invoice.paid_at ?? '') + (state.faults.receiptDelayMs ?? 0);
    if (state.now() < readyAt) return reply(c, detail(422, 'The receipt is being prepared; try again shortly'));
    return c.json({
      source_type: 'INVOICE',
      source_id: invoice.id,
      source_number: invoice.invoice_number,
      status: invoice.status,
      currency: invoice.currency,
      total_amount: state.invoiceTotal(invoice),
      paid_at: invoice.paid_at,
      payer_amount: execution.payer_amount,
      payer_currency: execution.payer_currency,
      payee_amount: execution.payee_amount,
      payee_currency: execution.payee_currency,
      platform_fee: execution.fees.platform_fee,
      gateway_fee: execution.fees.gateway_fee,
      fx_fee: execution.fees.fx_fee,
      fx_rate: 1,
      provider: execution.provider,
      payment_method: execution.method,
      provider_transaction_id: execution.provider_transaction_id,
      reference_id: execution.reference_id,
      items: invoice.items,
    });
  };

  api.get('/invoices/receipt/number/:number', (c) =>
    receipt(
      c,
      [...state.invoices.values()].find((invoice) => invoice.invoice_number === c.req.param('number')),
    ),
  );
  api.get('/invoices/receipt/:id', (c) => {
    const id = pathId(c);
    return id.ok ? receipt(c, state.invoices.get(id.id)) : id.response;
  });

  // ---- Links (api/links.md): a shareable receipt page
  api.get('/links/receipt', (c) => {
    const parsed = query(c, { source_type: { type: 'enum', values: SOURCE_TYPES }, source_number: { type: 'str' } });
    if (!parsed.ok) return parsed.response;
    const invoice = parsed.value.source_type === 'INVOICE' ? [...state.invoices.values()].find((entry) => entry.invoice_number === parsed.value.source_number) : undefined;
    if (!invoice) return reply(c, detail(404, 'Source not found'));
    if (invoice.status === 'IDLE') return reply(c, detail(422, 'Publish the invoice first'));
    const base = options.receiptBaseUrl ?? new URL(c.req.url).href.replace(/\/v1\/links\/receipt.*$/, '/receipts');
    return c.json({ url: `${base}/${encodeURIComponent(invoice.invoice_number)}` });
  });

  // ---- Predictions (api/predictions.md)
  api.get('/predictions/mmo-provider-info', (c) => {
    const parsed = query(c, { phone: { type: 'str', pattern: /^\d{8,15}$/ }, operation_type: { type: 'enum', values: OPERATION_TYPES } });
    if (!parsed.ok) return parsed.response;
    const phone = str(parsed.value.phone);
    const operator = operatorOf(phone);
    if (!operator) return reply(c, fieldError(['query', 'phone'], 'no supported mobile money operator for this phone number'));
    return c.json({
      carrier: operator.carrier,
      country: operator.country,
      currencies: operator.currencies,
      phone,
      payment_method: operator.method,
      gateway_provider: PROVIDER_OF[operator.method],
      operation_type: parsed.value.operation_type,
    });
  });

  api.get('/predictions/amount-and-fees', (c) => {
    const parsed = query(c, {
      base_amount: { type: 'float', gt: 0 },
      base_currency: { type: 'str' },
      target_currency: { type: 'str' },
      payment_method: { type: 'enum', values: METHODS },
      operation_type: { type: 'enum', values: OPERATION_TYPES },
      provider: { type: 'enum', values: PROVIDERS },
      fee_bearer: { type: 'enum', values: FEE_BEARERS },
      owner_type: { type: 'enum', values: OWNER_TYPES, optional: true },
      owner_id: { type: 'int', optional: true },
    });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    for (const field of ['base_currency', 'target_currency']) {
      const problem = currencyError(str(v[field]), ['query', field]);
      if (problem) return reply(c, problem);
    }
    if (PROVIDER_OF[v.payment_method as Method] !== v.provider) return reply(c, fieldError(['query', 'provider'], `${str(v.provider)} does not route ${str(v.payment_method)}`));
    const prediction = predict({
      baseAmount: num(v.base_amount),
      baseCurrency: str(v.base_currency),
      targetCurrency: str(v.target_currency),
      provider: v.provider as Provider,
      method: v.payment_method as Method,
      operationType: str(v.operation_type),
      feeBearer: str(v.fee_bearer),
    });
    if (!prediction) return reply(c, fieldError(['query', 'target_currency'], `no FX rate from ${str(v.base_currency)} to ${str(v.target_currency)}`));
    const { minor: _minor, ...wire } = prediction;
    return c.json(wire);
  });

  // ---- Payment accounts (api/payment-accounts.md)
  api.post('/payment-accounts/create', async (c) => {
    const operation = query(c, { operation_type: { type: 'enum', values: OPERATION_TYPES } });
    if (!operation.ok) return operation.response;
    const parsed = await body(c, {
      account_name: { type: 'str', minLength: 1 },
      // The guides send the method's name as `provider` too; both spellings are taken (README).
      provider: { type: 'enum', values: [...PROVIDERS, ...METHODS] },
      method: { type: 'enum', values: METHODS },
      party_id: { type: 'int' },
      country_code: { type: 'str', pattern: /^[A-Z]{2}$/ },
      insensitive_account_number: { type: 'str', minLength: 1 },
    });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    const method = v.method as Method;
    if (v.provider !== method && v.provider !== PROVIDER_OF[method]) return reply(c, fieldError(['body', 'provider'], `invalid combination of method ${method} and provider ${str(v.provider)}`));
    if (!state.parties.has(num(v.party_id))) return reply(c, detail(404, 'Party not found'));
    const account = {
      id: state.id('account'),
      account_name: str(v.account_name),
      provider: PROVIDER_OF[method],
      method,
      party_id: num(v.party_id),
      country_code: str(v.country_code),
      operation_type: str(operation.value.operation_type),
      insensitive_account_number: str(v.insensitive_account_number),
      created_at: state.iso(),
    };
    state.accounts.set(account.id, account);
    return c.json(account);
  });

  // ---- Sessions (api/sessions.md)
  const sessionBody = (session: NonNullable<ReturnType<SandboxState['sessions']['get']>>) => ({ ...session });

  api.post('/sessions/checkout', async (c) => {
    const parsed = await body(c, { source_id: { type: 'int' }, source_type: { type: 'enum', values: SOURCE_TYPES } });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    if (v.source_type === 'SUBSCRIPTION') return reply(c, fieldError(['body', 'source_type'], 'SUBSCRIPTION sources are not supported'));
    const invoice = v.source_type === 'INVOICE' ? state.invoices.get(num(v.source_id)) : undefined;
    if (!invoice) return reply(c, detail(404, `${str(v.source_type) === 'ORDER' ? 'Order' : 'Invoice'} not found`));
    if (invoice.status !== 'ACTIVE') return reply(c, detail(422, `The invoice is ${invoice.status}; only an ACTIVE invoice can be paid`));
    const session = {
      id: state.id('session'),
      type: 'CHECKOUT' as const,
      status: 'ACTIVE' as const,
      source_id: invoice.id,
      source_type: 'INVOICE',
      amount: state.invoiceTotal(invoice),
      currency: invoice.currency,
      expires_at: isoIn(state.options.sessionLifetimeMs),
      created_at: state.iso(),
    };
    state.sessions.set(session.id, session);
    return c.json(sessionBody(session));
  });

  api.post('/sessions/payout', async (c) => {
    const parsed = await body(c, { payout_account_id: { type: 'int' }, amount: { type: 'float', gt: 0 }, currency: { type: 'str' } });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    const currency = str(v.currency);
    const problem = currencyError(currency, ['body', 'currency']) ?? amountError(num(v.amount), currency, ['body', 'amount']);
    if (problem) return reply(c, problem);
    const account = state.accounts.get(num(v.payout_account_id));
    if (account?.operation_type !== 'PAYOUT') return reply(c, fieldError(['body', 'payout_account_id'], 'payout account not found'));
    if (!currenciesOf(account.method).includes(currency)) return reply(c, fieldError(['body', 'currency'], `${account.method} does not pay out ${currency}`));
    const wallet = state.walletFor(currency);
    if (!wallet || wallet.balance < toMinor(num(v.amount), currency)) return reply(c, detail(422, 'Insufficient wallet balance'));
    const session = {
      id: state.id('session'),
      type: 'PAYOUT' as const,
      status: 'ACTIVE' as const,
      payout_account_id: account.id,
      wallet_id: wallet.id,
      amount: num(v.amount),
      currency,
      expires_at: isoIn(state.options.sessionLifetimeMs),
      created_at: state.iso(),
    };
    state.sessions.set(session.id, session);
    return c.json(sessionBody(session));
  });

  // ---- Executions (api/executions.md): reference_id is the idempotency key
  /**
   * The same reference_id for the same session and account answers the execution as it
   * stands and moves nothing; any other reuse is refused (docs/providers.md, "Dollr").
   */
  const replay = (c: Context, referenceId: string, operation: OperationType, sessionId: number, accountId: number) => {
    const existing = state.executions.get(referenceId);
    if (!existing) return undefined;
    if (existing.operation_type === operation && existing.session_id === sessionId && existing.payment_account_id === accountId) {
      existing.executeCalls += 1;
      return c.json(state.executionBody(existing));
    }
    return reply(c, fieldError(['body', 'reference_id'], 'reference_id already exists'));
  };

  const newExecution = (fields: Omit<Execution, 'status' | 'provider_transaction_id' | 'gateway_message' | 'wallet_message' | 'createdAtMs' | 'executeCalls' | 'statusReads'>): Execution => ({
    ...fields,
    status: 'PENDING',
    provider_transaction_id: null,
    gateway_message: null,
    wallet_message: null,
    createdAtMs: state.now(),
    executeCalls: 1,
    statusReads: 0,
  });

  api.post('/executions/collection', async (c) => {
    const parsed = await body(c, { session_id: { type: 'str' }, payment_account_id: { type: 'str' }, currency: { type: 'str' }, reference_id: { type: 'uuid4' } });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    const sessionId = Number(v.session_id);
    const accountId = Number(v.payment_account_id);
    const referenceId = str(v.reference_id);
    const replayed = replay(c, referenceId, 'COLLECTION', sessionId, accountId);
    if (replayed) return replayed;
    const session = state.sessions.get(sessionId);
    if (session?.type !== 'CHECKOUT' || session.status !== 'ACTIVE') return reply(c, fieldError(['body', 'session_id'], 'session not found or expired'));
    const account = state.accounts.get(accountId);
    if (account?.operation_type !== 'COLLECTION') return reply(c, fieldError(['body', 'payment_account_id'], 'payment account not found'));
    if (v.currency !== session.currency) return reply(c, fieldError(['body', 'currency'], `currency must be the session currency ${session.currency}`));
    if (!currenciesOf(account.method).includes(session.currency)) return reply(c, fieldError(['body', 'currency'], `${account.method} does not collect ${session.currency}`));
    const invoice = state.invoices.get(session.source_id ?? -1);
    if (invoice?.status !== 'ACTIVE') return reply(c, detail(422, `The invoice is ${invoice?.status ?? 'gone'}; only an ACTIVE invoice can be paid`));
    const fees = predict({
      baseAmount: session.amount,
      baseCurrency: session.currency,
      targetCurrency: session.currency,
      provider: account.provider,
      method: account.method,
      operationType: 'COLLECTION',
      feeBearer: invoice.fee_bearer,
    })!;
    const execution = newExecution({
      reference_id: referenceId,
      operation_type: 'COLLECTION',
      session_id: session.id,
      payment_account_id: account.id,
      payer_amount: fromMinor(fees.minor.payer, session.currency),
      payer_currency: session.currency,
      payee_amount: fromMinor(fees.minor.payee, session.currency),
      payee_currency: session.currency,
      method: account.method,
      provider: account.provider,
      phone: account.insensitive_account_number,
      fees,
    });
    state.executions.set(referenceId, execution);
    session.status = 'USED';
    invoice.status = 'PROCESSING';
    invoice.updated_at = state.iso();
    options.log('dollr sandbox: collection executed', { referenceId, invoice: invoice.invoice_number });
    const answer = c.json(state.executionBody(execution));
    // The push is on its way to the phone: the next read sees PROCESSING.
    execution.status = 'PROCESSING';
    return answer;
  });

  api.post('/executions/payout', async (c) => {
    const parsed = await body(c, { session_id: { type: 'str' }, payout_account_id: { type: 'str' }, reference_id: { type: 'uuid4' }, passcode: { type: 'object', fields: PASSCODE } });
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    const passcode = v.passcode as { token: { phone: string | null; user_id: string | null; code: string } };
    const who = passcode.token.phone ?? passcode.token.user_id;
    if (!who || !options.safeEqual(who, options.passcode.phone) || !options.safeEqual(passcode.token.code, options.passcode.code)) return reply(c, detail(403, 'Invalid passcode'));
    const sessionId = Number(v.session_id);
    const accountId = Number(v.payout_account_id);
    const referenceId = str(v.reference_id);
    const replayed = replay(c, referenceId, 'PAYOUT', sessionId, accountId);
    if (replayed) return replayed;
    const session = state.sessions.get(sessionId);
    if (session?.type !== 'PAYOUT' || session.status !== 'ACTIVE') return reply(c, fieldError(['body', 'session_id'], 'session not found or expired'));
    if (session.payout_account_id !== accountId) return reply(c, fieldError(['body', 'payout_account_id'], 'payout_account_id does not match the session'));
    const account = state.accounts.get(accountId)!;
    const wallet = state.wallets.find((entry) => entry.id === session.wallet_id);
    const fees = predict({ baseAmount: session.amount, baseCurrency: session.currency, targetCurrency: session.currency, provider: account.provider, operationType: 'PAYOUT', feeBearer: 'PAYER' })!;
    if (!wallet || wallet.balance < fees.minor.payer) return reply(c, detail(422, 'Insufficient wallet balance'));
    wallet.balance -= fees.minor.payer;
    const execution = newExecution({
      reference_id: referenceId,
      operation_type: 'PAYOUT',
      session_id: session.id,
      payment_account_id: account.id,
      payer_amount: fromMinor(fees.minor.payer, session.currency),
      payer_currency: session.currency,
      payee_amount: fromMinor(fees.minor.payee, session.currency),
      payee_currency: session.currency,
      method: account.method,
      provider: account.provider,
      phone: account.insensitive_account_number,
      fees,
    });
    state.executions.set(referenceId, execution);
    session.status = 'USED';
    const answer = c.json(state.executionBody(execution));
    execution.status = 'PROCESSING';
    return answer;
  });

  // ---- Status (api/status.md)
  for (const [path, operation] of [
    ['collection', 'COLLECTION'],
    ['payout', 'PAYOUT'],
  ] as const) {
    api.get(`/status/${path}/:reference_id`, (c) => {
      const execution = state.executions.get(c.req.param('reference_id').toLowerCase());
      if (!execution || execution.operation_type !== operation) return reply(c, detail(404, 'Transaction not found'));
      execution.statusReads += 1;
      return c.json(state.executionBody(execution));
    });
  }

  api.get('/status/source', (c) => {
    const parsed = query(c, { source_type: { type: 'enum', values: SOURCE_TYPES }, source_id: { type: 'int' } });
    if (!parsed.ok) return parsed.response;
    const invoice = parsed.value.source_type === 'INVOICE' ? state.invoices.get(num(parsed.value.source_id)) : undefined;
    if (!invoice) return reply(c, detail(404, 'Source not found'));
    return c.json({
      source_id: invoice.id,
      source_type: 'INVOICE',
      source_number: invoice.invoice_number,
      status: invoice.status,
      currency: invoice.currency,
      total_amount: state.invoiceTotal(invoice),
      paid_at: invoice.paid_at,
    });
  });

  return api;
}
