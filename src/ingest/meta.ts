/** Plan metadata: `seeds/<slug>.yaml`, parsed and validated with errors naming file, line and field. */
import { parseDocument } from 'yaml';
import { IngestError } from './errors.ts';
import { PlanMetaInput } from './schema.ts';

export function parseMeta(yamlText: string, file: string): PlanMetaInput {
  if (yamlText.trim() === '') throw new IngestError(file, 'metadata file is empty');
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new IngestError(file, `invalid YAML: ${e.message.split('\n')[0]}`, e.linePos?.[0]?.line);
  }
  const data = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new IngestError(file, 'metadata must be a YAML mapping of fields');
  const parsed = PlanMetaInput.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? String(issue.path[0]) : (issue as { keys?: string[] }).keys?.join(', ') ?? '(root)';
    const what = issue.code === 'unrecognized_keys' ? `unknown field "${field}"` : data[field] === undefined ? `missing field "${field}"` : `invalid field "${field}": ${issue.message}`;
    // Point at the field's line when it is present.
    let line: number | undefined;
    const lines = yamlText.split(/\r?\n/);
    const k = lines.findIndex((l) => new RegExp(`^${field}\\s*:`).test(l));
    if (k >= 0) line = k + 1;
    throw new IngestError(file, what, line);
  }
  return parsed.data;
}
