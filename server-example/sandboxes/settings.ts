import { z } from 'zod';
import { httpBaseUrl, integer, variable } from '../config/variables';

const text = () => variable(z.string().optional());

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
  PORT: variable(integer(0, 65_535).default(8090)),
  /** Loopback by default: anyone who reaches the control API can settle payments. */
  HOST: variable(z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address to bind (127.0.0.1, 0.0.0.0, ::1) or localhost' }).default('127.0.0.1')),
  /** Where payers' browsers reach these sandboxes (receipt and pay pages); default: the address bound. */
  SANDBOX_PUBLIC_URL: variable(httpBaseUrl({ example: 'http://127.0.0.1:8090' }).optional()),
});
export type SandboxProcessSettings = z.output<typeof SandboxProcessSchema>;

/** Parses `schema` from `env`; throws one error naming each bad variable and why. */
export function parseSettings<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(`Invalid settings:\n  ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ')}`);
}
