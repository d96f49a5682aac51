/**
 * A provider pointed at its real API must be given its own credentials: the sandbox defaults
 * (public test keys, a demo payee wallet) would at best fail there and at worst name someone
 * else's wallet as the payee. Throws at startup, naming every variable that is missing.
 */
export function requireSettings(env: NodeJS.ProcessEnv, provider: string, baseUrlVariable: string, names: readonly string[]): void {
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(`${provider}: ${baseUrlVariable} is set, so set ${missing.join(', ')} too (the sandbox defaults do not apply to a real API).`);
  }
}
