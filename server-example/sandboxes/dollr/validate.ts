/**
 * Request checks the way FastAPI + pydantic v1 make them, so a malformed request gets the
 * same 422 body Dollr sends: every problem listed with its `loc`, `msg` and `type`
 * (Dollr answers `value_error.missing`, a pydantic v1 type: docs/providers.md, "Dollr").
 */
import type { ValidationIssue } from './errors';

export type FieldSpec =
  | { type: 'str'; optional?: boolean; minLength?: number; maxLength?: number; pattern?: RegExp }
  | { type: 'int'; optional?: boolean; gt?: number; ge?: number }
  | { type: 'float'; optional?: boolean; gt?: number }
  | { type: 'bool'; optional?: boolean }
  | { type: 'uuid4'; optional?: boolean }
  | { type: 'datetime'; optional?: boolean }
  | { type: 'enum'; optional?: boolean; values: readonly string[] }
  | { type: 'object'; optional?: boolean; fields: Spec };

export type Spec = Readonly<Record<string, FieldSpec>>;

export type Checked = { ok: true; value: Record<string, unknown> } | { ok: false; issues: ValidationIssue[] };

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?([0-9a-f])[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const INTEGER = /^\s*[-+]?\d+\s*$/;
const TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

type One = { ok: true; value: unknown } | { ok: false; issue: Omit<ValidationIssue, 'loc'> };
const fail = (msg: string, type: string, ctx?: Record<string, unknown>): One => ({ ok: false, issue: { msg, type, ...(ctx ? { ctx } : {}) } });

function checkOne(spec: FieldSpec, raw: unknown, loc: (string | number)[], issues: ValidationIssue[]): One {
  switch (spec.type) {
    case 'str': {
      // pydantic v1 coerces numbers to strings (so `"session_id": 55` is accepted as "55").
      const value = typeof raw === 'string' ? raw : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : undefined;
      if (value === undefined) return fail('str type expected', 'type_error.str');
      if (spec.minLength !== undefined && value.length < spec.minLength) {
        return fail(`ensure this value has at least ${spec.minLength} characters`, 'value_error.any_str.min_length', { limit_value: spec.minLength });
      }
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        return fail(`ensure this value has at most ${spec.maxLength} characters`, 'value_error.any_str.max_length', { limit_value: spec.maxLength });
      }
      if (spec.pattern && !spec.pattern.test(value)) {
        return fail(`string does not match regex "${spec.pattern.source}"`, 'value_error.str.regex', { pattern: spec.pattern.source });
      }
      return { ok: true, value };
    }
    case 'int': {
      const value = typeof raw === 'number' && Number.isInteger(raw) ? raw : typeof raw === 'string' && INTEGER.test(raw) ? Number(raw) : undefined;
      if (value === undefined || !Number.isSafeInteger(value)) return fail('value is not a valid integer', 'type_error.integer');
      if (spec.gt !== undefined && !(value > spec.gt)) return fail(`ensure this value is greater than ${spec.gt}`, 'value_error.number.not_gt', { limit_value: spec.gt });
      if (spec.ge !== undefined && !(value >= spec.ge)) {
        return fail(`ensure this value is greater than or equal to ${spec.ge}`, 'value_error.number.not_ge', { limit_value: spec.ge });
      }
      return { ok: true, value };
    }
    case 'float': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) return fail('value is not a valid float', 'type_error.float');
      if (spec.gt !== undefined && !(value > spec.gt)) return fail(`ensure this value is greater than ${spec.gt}`, 'value_error.number.not_gt', { limit_value: spec.gt });
      return { ok: true, value };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const text = typeof raw === 'string' ? raw.toLowerCase() : typeof raw === 'number' ? String(raw) : undefined;
      if (text !== undefined && TRUE.has(text)) return { ok: true, value: true };
      if (text !== undefined && FALSE.has(text)) return { ok: true, value: false };
      return fail('value could not be parsed to a boolean', 'type_error.bool');
    }
    case 'uuid4': {
      const match = typeof raw === 'string' ? UUID.exec(raw) : null;
      if (!match) return fail('value is not a valid uuid', 'type_error.uuid');
      if (match[1] !== '4') return fail('uuid version 4 expected', 'value_error.uuid.version', { required_version: 4 });
      return { ok: true, value: (raw as string).toLowerCase() };
    }
    case 'datetime': {
      if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) return fail('invalid datetime format', 'value_error.datetime');
      return { ok: true, value: new Date(raw).toISOString() };
    }
    case 'enum': {
      if (typeof raw === 'string' && spec.values.includes(raw)) return { ok: true, value: raw };
      const permitted = spec.values.map((v) => `'${v}'`).join(', ');
      return fail(`value is not a valid enumeration member; permitted: ${permitted}`, 'type_error.enum', { enum_values: [...spec.values] });
    }
    case 'object': {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('value is not a valid dict', 'type_error.dict');
      const before = issues.length;
      const value = checkFields(spec.fields, raw as Record<string, unknown>, loc, issues);
      // Nested problems were listed with their own loc; report nothing more for the object itself.
      return issues.length === before ? { ok: true, value } : { ok: true, value: undefined };
    }
    default:
      return fail('unsupported field', 'type_error');
  }
}

function checkFields(spec: Spec, input: Record<string, unknown>, loc: (string | number)[], issues: ValidationIssue[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(spec)) {
    const raw = input[name];
    if (raw === undefined || raw === null) {
      if (!field.optional) issues.push({ loc: [...loc, name], msg: 'field required', type: 'value_error.missing' });
      else value[name] = null;
      continue;
    }
    const checked = checkOne(field, raw, [...loc, name], issues);
    if (checked.ok) value[name] = checked.value;
    else issues.push({ loc: [...loc, name], ...checked.issue });
  }
  return value;
}

/** Checks a JSON body (already parsed; `undefined` when absent) against `spec`. */
export function checkBody(spec: Spec, body: unknown): Checked {
  if (body === undefined) return { ok: false, issues: [{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }] };
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, issues: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] };
  }
  const issues: ValidationIssue[] = [];
  const value = checkFields(spec, body as Record<string, unknown>, ['body'], issues);
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

/** Checks query parameters (or path parameters, with `where: 'path'`). */
export function checkParams(spec: Spec, params: Record<string, string | undefined>, where: 'query' | 'path' = 'query'): Checked {
  const issues: ValidationIssue[] = [];
  const value = checkFields(spec, params, [where], issues);
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

/**
 * Reads a JSON body as FastAPI does: no body → undefined (then "field required"), a body that
 * does not parse → the `value_error.jsondecode` issue FastAPI answers.
 */
export async function readBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] }> {
  const text = await request.text().catch(() => '');
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, issues: [{ loc: ['body', 0], msg: `Expecting value: ${(err as Error).message}`, type: 'value_error.jsondecode' }] };
  }
}
