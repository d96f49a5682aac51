/** Where the merchant server finds the momo-checkout backend, and the key it calls it with. */
export interface MerchantConfig {
  /** The backend's base URL (`http://localhost:8080` for `npm start`), without a trailing slash. */
  backendUrl: string;
  /** The merchant API key (`MERCHANT_API_KEY` of the backend; `sk_sandbox` outside production). Never sent to a browser. */
  apiKey: string;
}

/** A setting that cannot work: its message names the variable and what it expects, never a secret's value. */
export class MerchantConfigError extends Error {
  override name = 'MerchantConfigError';
}

/** Checks both settings, so a typo stops the server at start rather than failing the first payer. */
export function merchantConfig(backendUrl: string | undefined, apiKey: string | undefined): MerchantConfig {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(backendUrl ?? '');
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    problems.push("MOMO_BACKEND_URL must be the backend's http(s) base URL, e.g. http://localhost:8080");
  }
  if (!apiKey?.trim()) problems.push("MOMO_API_KEY must be the backend's merchant API key (MERCHANT_API_KEY; sk_sandbox outside production)");
  if (problems.length || !url) throw new MerchantConfigError(problems.join('\n'));
  return { backendUrl: url.href.replace(/\/$/, ''), apiKey: apiKey!.trim() };
}
