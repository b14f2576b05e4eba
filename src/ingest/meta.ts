/** Plan metadata: `seeds/<slug>.yaml`, parsed and validated with errors naming file, line and field. */
import { LineCounter, parseDocument } from 'yaml';
import { IngestError } from './errors.ts';
import { PlanMetaInput } from './schema.ts';

/** Levenshtein distance, for "did you mean" on a misspelt field name. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

export function parseMeta(yamlText: string, file: string): PlanMetaInput {
  if (yamlText.trim() === '') throw new IngestError(file, 'metadata file is empty');
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new IngestError(file, `invalid YAML: ${e.message.split('\n')[0]}`, e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line);
  }
  const data = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new IngestError(file, 'metadata must be a YAML mapping of fields');
  const parsed = PlanMetaInput.safeParse(data);
  if (!parsed.success) {
    // An unknown field is usually a typo of a required one; report it first (rather than the
    // "missing" field it was meant to be), with a suggestion.
    const issues = parsed.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    let field: string;
    let what: string;
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      field = keys[0];
      const missing = issues.flatMap((i) => (i.path.length === 1 && data[String(i.path[0])] === undefined ? [String(i.path[0])] : []));
      const guess = missing.map((m) => [m, distance(m, field)] as const).sort((a, b) => a[1] - b[1])[0];
      what = `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}${guess && guess[1] <= 2 ? ` (did you mean "${guess[0]}"?)` : ''}`;
    } else {
      field = issue.path.length ? String(issue.path[0]) : '(root)';
      what = data[field] === undefined ? `missing field "${field}"` : `invalid field "${field}": ${issue.message}`;
    }
    // Point at the field's line when it is present.
    let line: number | undefined;
    const lines = yamlText.split(/\r?\n/);
    const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const k = lines.findIndex((l) => new RegExp(`^${escaped}\\s*:`).test(l));
    if (k >= 0) line = k + 1;
    throw new IngestError(file, what, line);
  }
  return parsed.data;
}
