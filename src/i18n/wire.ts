import type { WireText, WireTranslation, WireTranslationGroup } from '../../contract/index.js';
import { en } from './en.js';
import type { Translation } from './translation.js';

type Text = (...values: string[]) => string;
type Tree = { [key: string]: unknown };

/** `{0}`, `{1}`…: where a text's values go on the wire. */
const SLOT = /\{(\d+)\}/g;
/** Stand-ins for the values while a text is serialised: private-use characters, never in a real text. */
const MARK = 0xe000;
const MARKS = /[\uE000-\uE0FF]/g;

const fill = (template: string, values: readonly unknown[]): string => template.replace(SLOT, (_, i) => String(values[+i] ?? ''));

/** `[with, without]`: the second when the text's own values are all empty. */
const revivedText =
  (wire: WireText): Text =>
  (...values) => {
    if (typeof wire === 'string') return fill(wire, values);
    const full = fill(wire[0], values);
    return full === fill(wire[0], []) ? fill(wire[1], values) : full;
  };

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is WireText => typeof value === 'string' || (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string');

/** English's shape is the schema: a key takes the wire's value when its type fits, English's otherwise. */
function revive(schema: Tree, wire: Tree): Tree {
  const out: Tree = {};
  for (const key in schema) out[key] = reviveValue(schema[key], wire[key]);
  return out;
}

function reviveValue(english: unknown, given: unknown): unknown {
  if (typeof english === 'function') return isText(given) ? revivedText(given) : english;
  if (isTree(english)) return revive(english, isTree(given) ? given : {});
  return typeof given === 'string' ? given : english;
}

/**
 * A translation from its wire form (a session's `translation`), filled in with English where a
 * text is missing or of the wrong type; `undefined` when it is no translation at all (no
 * object, or a `$code` that is not a BCP 47 tag).
 */
export function fromWireTranslation(wire: unknown): Translation | undefined {
  if (!isTree(wire) || typeof wire.$code !== 'string') return undefined;
  let $code: string | undefined;
  try {
    $code = Intl.getCanonicalLocales(wire.$code)[0];
  } catch {
    // not a BCP 47 tag
  }
  if (!$code) return undefined;
  return { ...(revive(en as unknown as Tree, wire) as unknown as Translation), $code, $dir: wire.$dir === 'rtl' ? 'rtl' : 'ltr' };
}

/** Throws on a text the wire could not carry as it is: a `{0}` of its own would be filled in, a private-use character read as a value. */
function checked(text: string, path: string): string {
  if (/\{\d+\}|[\uE000-\uE0FF]/.test(text)) throw new Error(`${path}: "${text}" has a {digit} or a private-use character, which the wire form cannot carry.`);
  return text;
}

/** The calls a text is checked with: a mark for every value, every value empty, and each one empty alone. */
function samples(marks: string[]): string[][] {
  const empty = marks.map(() => '');
  return [marks, empty, ...marks.map((_, i) => marks.map((mark, j) => (i === j ? '' : mark)))];
}

/** A text that takes values, called with a mark for each and with empty ones. */
function toWireText(text: Text, path: string): WireText {
  const marks = Array.from({ length: text.length }, (_, i) => String.fromCharCode(MARK + i));
  const marked = text(...marks);
  checked(marked.replace(MARKS, ''), path);
  const template = marked.replace(MARKS, (mark) => `{${mark.charCodeAt(0) - MARK}}`);
  const without = checked(text(...marks.map(() => '')), path);
  const wire: WireText = without === fill(template, []) ? template : [template, without];
  // A text that is more than a template (say, one value changes another's words) must not go out wrong.
  const revived = revivedText(wire);
  for (const values of samples(marks)) {
    if (revived(...values) !== text(...values)) throw new Error(`${path}: its text cannot be written as a template with {0}, {1}… (it reads "${text(...values)}" for ${JSON.stringify(values)}).`);
  }
  return wire;
}

function toWireGroup(group: Tree, path: string): WireTranslationGroup {
  const out: WireTranslationGroup = {};
  for (const [key, value] of Object.entries(group)) {
    const at = path ? `${path}.${key}` : key;
    if (typeof value === 'function') out[key] = toWireText(value as Text, at);
    else if (typeof value === 'string') out[key] = checked(value, at);
    else if (isTree(value)) out[key] = toWireGroup(value, at);
    else throw new Error(`${at}: a ${typeof value} is neither a text nor a group of texts.`);
  }
  return out;
}

/** A translation as JSON, for a session's `translation` (see `WireTranslation`). Throws on a text the wire form cannot carry. */
export function toWireTranslation(translation: Translation): WireTranslation {
  return toWireGroup(translation as unknown as Tree, '') as WireTranslation;
}
