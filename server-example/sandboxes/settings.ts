import { z } from 'zod';

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const text = () => z.preprocess(blankIsUnset, z.string().trim().optional());
const httpUrl = () =>
  z.preprocess(
    blankIsUnset,
    z
      .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, e.g. http://127.0.0.1:8090' })
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
  );

/**
 * Credentials the sandboxes accept besides their public defaults: the same variables the
 * provider modules read, so instances and the sandboxes process can share one environment.
 */
export const SandboxCredentialsSchema = z.object({
  MTN_SUBSCRIPTION_KEY: text(),
  MOM_FACTURA_API_KEY: text(),
  DOLLR_CLIENT_ID: text(),
  DOLLR_CLIENT_SECRET: text(),
  DOLLR_PAYOUT_PASSCODE: text(),
  DOLLR_PAYOUT_PASSCODE_PHONE: text(),
  MOMO_VN_PARTNER_CODE: text(),
  MOMO_VN_ACCESS_KEY: text(),
  MOMO_VN_SECRET_KEY: text(),
});
export type SandboxCredentials = z.output<typeof SandboxCredentialsSchema>;

/** The sandboxes process (`npm run sandboxes`, main.ts). */
export const SandboxProcessSchema = SandboxCredentialsSchema.extend({
  PORT: z.preprocess(blankIsUnset, z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(0, 'must be 0–65535').max(65_535, 'must be 0–65535').default(8090)),
  /** Loopback by default: anyone who reaches the control API can settle payments. */
  HOST: z.preprocess(blankIsUnset, z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address to bind (127.0.0.1, 0.0.0.0, ::1) or localhost' }).default('127.0.0.1')),
  /** Where payers' browsers reach these sandboxes (receipt and pay pages); default: the address bound. */
  SANDBOX_PUBLIC_URL: httpUrl(),
});
export type SandboxProcessSettings = z.output<typeof SandboxProcessSchema>;

/** A backend instance's `SANDBOX_URL`: the sandboxes process to use instead of in-process sandboxes. */
export const SandboxUrlSchema = z.object({ SANDBOX_URL: httpUrl() });

/** Parses `schema` from `env`; throws one error naming each bad variable and why. */
export function parseSettings<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(`Invalid settings:\n  ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ')}`);
}
