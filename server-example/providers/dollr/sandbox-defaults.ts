/**
 * The client credentials and payout passcode our Dollr sandbox accepts by default
 * (docs/providers.md, "Dollr"): public by design, refused in production.
 */
export const SANDBOX_CLIENT = { clientId: 'dollr-sandbox-client', clientSecret: 'dollr-sandbox-secret' } as const;
export const SANDBOX_PAYOUT_PASSCODE = { phone: '231770000000', code: '123456' } as const;
