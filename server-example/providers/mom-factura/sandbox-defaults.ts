/** The API key our Mom Factura sandbox accepts by default: public by design, refused in production. */
export const SANDBOX_API_KEY = 'mf_sandbox_key';
