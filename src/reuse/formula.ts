/**
 * The authored list of common formulas (content/reuse/formulas.yaml): standard wording of central
 * documents that plans quote as a matter of form. Parsed here, used by detect.ts (a span at least
 * half covered by listed wording is a formula); wording in many plans is a formula by frequency
 * without being listed (`formulaPlans`).
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { IngestError } from '../ingest/errors.ts';

const FormulasFile = z.object({ formulas: z.array(z.object({ text: z.string().trim().min(4), source: z.string().trim().min(1) }).strict()) }).strict();
export type Formula = z.infer<typeof FormulasFile>['formulas'][number];

/** Parse the formulas file; an error names the file and, where YAML can tell, the line. */
export function parseFormulas(text: string, file: string): Formula[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    const line = (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new IngestError(file, `formulas file is not valid YAML: ${(e as Error).message.split('\n')[0]}`, line);
  }
  const r = FormulasFile.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new IngestError(file, `formulas file: ${i.path.join('.') || '(top level)'}: ${i.message} (expected "formulas:" with a list of {text, source})`);
  }
  return r.data.formulas;
}
