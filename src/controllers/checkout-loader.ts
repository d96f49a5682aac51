import { Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createApiClient, MomoApiError, type ApiClient } from '../core/api.js';
import type { MomoErrorDetail } from '../core/events.js';
import { decodeToken } from '../core/token.js';
import type { Session } from '../../contract/index.js';
import { AutoRetry } from './retry.js';

export interface CheckoutLoaderOptions {
  /** The `token` attribute now: `null`/`undefined` when there is none, which shows nothing. */
  token(): string | null | undefined;
  /** The session handed with the token for checkout `checkoutId` (the token's `sub`), if any: shown without reading it. */
  handed(checkoutId: string): Session | undefined;
  /** The host's own `locale`, if any: the backend sends that language's texts with the session. */
  locale(): string | undefined;
  /** A load begins: whatever the previous checkout started is to be dropped. */
  onStart(): void;
  /** No token attribute: nothing to show. */
  onIdle(): void;
  /** The session is being read. `quiet` (an automatic retry) leaves an error panel up until there is something else to show. */
  onLoading(quiet: boolean): void;
  /**
   * The session came: show it, and resolve once it is on screen. `signal` aborts when the host
   * leaves the page or another token comes meanwhile; the load then counts as not done.
   */
  onSession(session: Session, client: ApiClient, signal: AbortSignal): Promise<void>;
  /** The load stopped; `retryable` (network trouble) when trying again may help. */
  onError(error: MomoErrorDetail, retryable: boolean): void;
}

/**
 * Loads the checkout of the host's token with a `Task`: a new token starts over and drops the
 * old load's answer; leaving the page aborts a load in flight, and coming back loads again.
 * Failed loads that may pass are retried by `retryLater()` with back-off, quietly.
 */
export class CheckoutLoader implements ReactiveController {
  /** The backend of the checkout loading or shown; `undefined` without a usable token. */
  client: ApiClient | undefined;
  /** The token's `locale` claim: known before the session, so loading and errors speak it too. */
  tokenLocale: string | undefined;

  readonly #options: CheckoutLoaderOptions;
  readonly #retry: AutoRetry;
  readonly #task: Task<[string | null | undefined], void>;
  #quiet = false;
  #interrupted = false;
  #lastToken: string | null | undefined;

  constructor(host: ReactiveControllerHost, options: CheckoutLoaderOptions) {
    this.#options = options;
    this.#retry = new AutoRetry(host);
    host.addController(this);
    this.#task = new Task(host, { task: ([token], { signal }) => this.#load(token, signal), args: () => [options.token()] });
  }

  /** Loads again now (a "Try again" press); `quiet` for automatic retries. */
  reload(quiet = false): void {
    this.#quiet = quiet;
    void this.#task.run();
  }

  /** Loads again later, quietly, after a back-off that grows with each failure (or at once when back online). */
  retryLater(): void {
    this.#retry.schedule(() => this.reload(true));
  }

  hostConnected(): void {
    if (this.#interrupted) this.reload();
  }

  hostDisconnected(): void {
    if (this.#task.status !== TaskStatus.PENDING) return;
    this.#task.abort();
    this.#interrupted = true;
  }

  async #load(token: string | null | undefined, signal: AbortSignal): Promise<void> {
    const quiet = this.#quiet;
    this.#quiet = false;
    this.#interrupted = false;
    // Another token starts the back-off over; a retry of the same one only replaces a pending retry.
    if (token !== this.#lastToken) this.#retry.reset();
    else this.#retry.cancel();
    this.#lastToken = token;
    this.client = undefined;
    this.#options.onStart();
    if (token === null || token === undefined) {
      this.tokenLocale = undefined;
      return this.#options.onIdle();
    }
    const trimmed = token.trim();
    if (!trimmed) {
      this.tokenLocale = undefined;
      // Said to the developer by `momo-error`; the panel tells the payer there is nothing to pay here.
      return this.#options.onError({ code: 'TOKEN_MISSING', message: 'The token attribute is empty: set it to the checkout token your server got from the backend.' }, false);
    }
    const decoded = decodeToken(trimmed);
    this.tokenLocale = decoded.ok ? decoded.claims.locale : undefined;
    if (!decoded.ok) return this.#options.onError({ code: 'TOKEN_MALFORMED', message: `The checkout token is malformed: ${decoded.problem}.` }, false);
    const client = createApiClient(decoded.claims.iss, trimmed);
    this.client = client;
    const handed = this.#options.handed(decoded.claims.sub);
    if (handed) {
      this.#retry.reset();
      return this.#options.onSession(handed, client, signal);
    }
    this.#options.onLoading(quiet);
    let session: Session;
    try {
      session = await client.getSession(signal, this.#options.locale());
    } catch (error) {
      if (signal.aborted) return;
      const { code, message, transient } = error instanceof MomoApiError ? error : new MomoApiError('NETWORK_ERROR', String(error));
      return this.#options.onError({ code, message }, transient);
    }
    if (signal.aborted) return; // the token changed, or the element left the page
    this.#retry.reset();
    await this.#options.onSession(session, client, signal);
  }
}
