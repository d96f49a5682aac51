import { z } from 'zod';

/** A reference is for people (an invoice number, "Ana Silva P5"): this many characters at most. */
export const MAX_REFERENCE_LENGTH = 64;

/** Letters, marks and digits of every script, the space, and the punctuation references are written with. */
const ALLOWED = /[\p{L}\p{M}\p{N} .\-_/#:,'’()]/u;
const DESCRIBED = "letters and digits of any language, spaces and . - _ / # : , ' ( )";

/**
 * The one form a reference is stored and compared in: NFC (an "é" typed either way is one
 * character, counted once), each run of spaces one space, no space at either end.
 */
export function canonicalReference(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\p{Zs}+/gu, ' ')
    .trim();
}

/** How a character the rule refuses is named in the message: visibly, even a control character. */
const shown = (character: string) => (/[\p{L}\p{N}\p{P}\p{S}]/u.test(character) ? `"${character}"` : `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);

/**
 * The merchant's `reference`, as `POST /v1/checkouts` takes it. Normalised first (canonicalReference),
 * then checked: 1–64 characters, each one of ALLOWED; a 400 names the first one that is not.
 */
export const MerchantReference = z
  .string()
  // Bounds what is normalised; the rule below is on what remains.
  .max(MAX_REFERENCE_LENGTH * 4)
  .transform(canonicalReference)
  .pipe(
    z.string().superRefine((value, ctx) => {
      const characters = [...value];
      if (characters.length === 0) ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      else if (characters.length > MAX_REFERENCE_LENGTH) ctx.addIssue({ code: 'custom', message: `at most ${MAX_REFERENCE_LENGTH} characters (this one has ${characters.length})` });
      const refused = characters.find((character) => !ALLOWED.test(character));
      if (refused !== undefined) ctx.addIssue({ code: 'custom', message: `${shown(refused)} is not allowed: ${DESCRIBED} only` });
    }),
  )
  .describe(
    `The merchant's reference, shown to the payer and on slip and receipt: 1–${MAX_REFERENCE_LENGTH} characters, ${DESCRIBED}. ` +
      'Stored in NFC, runs of spaces as one, trimmed; the 201 answer gives it as stored.',
  );
