import type { z } from 'zod';
import type { ImportErrorCode, ImportErrorParams } from './import-errors';

/** The value at an issue's path in what was parsed (zod does not keep it in the issue). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * A zod issue as an import error code with params (so the studio can say it in the merchant's language).
 * `root` is what was parsed, to tell a missing field from one of the wrong type.
 */
export function codeOfIssue(issue: z.core.$ZodIssue, root?: unknown): { code: ImportErrorCode; params: ImportErrorParams } {
  switch (issue.code) {
    case 'invalid_type': {
      const value = root === undefined ? issue.input : valueAt(root, issue.path);
      return value === undefined || value === null
        ? { code: 'empty-cell', params: {} }
        : { code: 'wrong-type', params: { expected: String(issue.expected), value: typeof value === 'object' ? JSON.stringify(value).slice(0, 80) : String(value) } };
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { code: 'empty-cell', params: {} };
      if (issue.origin === 'number' && Number(issue.minimum) === 0) return { code: 'negative', params: { value: String(root === undefined ? (issue.input ?? '') : (valueAt(root, issue.path) ?? '')) } };
      return { code: 'too-small', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { code: 'too-long', params: { max: Number(issue.maximum) } };
      return { code: 'too-big', params: { max: Number(issue.maximum) } };
    case 'invalid_value':
      return { code: 'not-allowed', params: { values: issue.values.map((v) => String(v)).join(', ') } };
    default:
      return { code: 'invalid-value', params: { detail: issue.message } };
  }
}
