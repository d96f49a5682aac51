import type { z } from 'zod';

/** One bad variable and what it should be, as a sentence that starts with its name. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every bad variable at once, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    const heading = problems.length === 1 ? 'The configuration has 1 problem:' : `The configuration has ${problems.length} problems:`;
    super([heading, ...problems.map((problem) => `  - ${problem.message}`)].join('\n'));
    this.name = 'ConfigError';
  }
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const REDACTED = '[redacted]';
/** A secret this long is hidden from every message, not only its own variable's. */
const MIN_HIDDEN_ELSEWHERE = 8;

/** The variable an issue is about: the last path entry named like one, else the section it is in (a provider's id). */
function variableOf(issue: z.core.$ZodIssue): string {
  const names = issue.path.filter((entry): entry is string => typeof entry === 'string');
  return names.filter((entry) => ENV_NAME.test(entry)).at(-1) ?? names.at(-1) ?? 'configuration';
}

/** Our phrases ("must be …") follow the name; zod's own ("Invalid input …") after a colon. */
function sentence(variable: string, message: string): string {
  const text = /[.!?)]$/.test(message) ? message : `${message}.`;
  return /^[a-z(]/.test(text) ? `${variable} ${text}` : `${variable}: ${text}`;
}

/**
 * A ConfigError from a failed parse. A secret's value is never shown: our messages do not quote
 * one, and should any message hold it (a provider's own check, say), it is replaced.
 */
export function configError(error: z.ZodError, env: NodeJS.ProcessEnv, secretNames: readonly string[]): ConfigError {
  const secrets = new Map<string, string>();
  for (const name of secretNames) {
    const value = env[name]?.trim();
    if (value) secrets.set(name, value);
  }
  const longestFirst = [...secrets].sort(([, a], [, b]) => b.length - a.length);
  // A long secret is cut out wherever it shows. A short one is not cut (where the cuts fall would
  // spell it, and elsewhere they would tell what it equals): a message of its own variable
  // holding it is replaced.
  const hide = (variable: string, message: string): string => {
    let text = message;
    for (const [name, value] of longestFirst) {
      if (value.length >= MIN_HIDDEN_ELSEWHERE) text = text.split(value).join(REDACTED);
      else if (name === variable && text.includes(value)) return 'is not valid (its value is not shown: it is a secret).';
    }
    return text;
  };
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const variable = variableOf(issue);
    const message = sentence(variable, hide(variable, issue.message));
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({ variable, message });
  }
  return new ConfigError(problems);
}
