/**
 * The plan model: metadata schema (validated input) and the published plan
 * document schema (validated output). zod is the single source of truth; the
 * JSON Schema in `schema/plan.schema.json` is generated from these.
 */
import { z } from 'zod';

export const LEVELS = ['national', 'province', 'city', 'district', 'high-tech-zone'] as const;
export const SOURCE_TYPES = ['plan', 'news-excerpt'] as const;

const isoDateOrMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'must be an ISO date (YYYY-MM-DD) or year-month (YYYY-MM)');

/** `seeds/<slug>.yaml`. Every field is required except `note`, `shortTitle` and `shortTitleEn`; unknown fields are an error (catches typos). */
export const PlanMetaInput = z
  .object({
    title: z.string().trim().min(1),
    titleEn: z.string().trim().min(1),
    /** A short name for column headers and maps (≤ 16 characters); defaults to the title. */
    shortTitle: z.string().trim().min(1).max(16).optional(),
    shortTitleEn: z.string().trim().min(1).max(40).optional(),
    issuer: z.string().trim().min(1).nullable(),
    level: z.enum(LEVELS),
    region: z.string().trim().min(1),
    period: z.string().regex(/^\d{4}[–-]\d{4}$/, 'must look like "2021–2025"'),
    docNumber: z.string().trim().min(1).nullable(),
    issued: isoDateOrMonth.nullable(),
    sourceType: z.enum(SOURCE_TYPES),
    note: z.string().trim().min(1).optional(),
  })
  .strict();
export type PlanMetaInput = z.infer<typeof PlanMetaInput>;

/** A plan's slug: lowercase ASCII letters and digits, single hyphens between. */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const PlanMeta = PlanMetaInput.extend({
  slug: z.string().regex(SLUG),
  sourceFile: z.string(),
  encoding: z.string(),
});
export type PlanMeta = z.infer<typeof PlanMeta>;

const LineRange = z.tuple([z.number().int().positive(), z.number().int().positive()]);
export type LineRange = [number, number];

export const OutlineNode = z.object({
  id: z.string(),
  level: z.number().int().positive(),
  /** The numbering label as printed, e.g. "第二章", "（一）", "1.", "专栏3"; null for unnumbered headings. */
  label: z.string().nullable(),
  /** null only for a section whose heading is missing from the text. */
  title: z.string().nullable(),
  kind: z.enum(['section', 'box']),
  parentId: z.string().nullable(),
  /** Numbering tier, e.g. "zhang", "cn", "paren-cn", "arabic", "box", "front", "appendix", "missing". */
  tier: z.string(),
  /** Source lines of the heading (label and title may sit on two lines); for an inferred section, its first line. */
  sourceLines: LineRange,
  /** true when the heading line is absent from the text and the section was inferred. */
  missing: z.boolean().optional(),
});
export type OutlineNode = z.infer<typeof OutlineNode>;

/** Evidence for a tag: terms matched in the passage text (with offsets) or in a heading above it. */
export const TagEvidence = z.discriminatedUnion('where', [
  z.object({
    term: z.string(),
    where: z.literal('text'),
    /** [start, end) offsets (UTF-16 code units) into the passage text as printed; for a table row, into its cells joined with " | ". */
    spans: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
    /** For a term that needs a sense word (see TagTerm.cues): the cues found in the same clauses. */
    cues: z.array(z.string()).optional(),
  }),
  z.object({
    term: z.string(),
    where: z.literal('heading'),
    /** The outline node whose heading matched. */
    section: z.string(),
    /** 0 = the passage's own section or box, 1 = its parent, … */
    distance: z.number().int().nonnegative(),
  }),
]);
/** A topic tag on a passage: the tag id (content/tags/<id>.mdx), a score in [0, 1], and why. */
export const PassageTag = z.object({ tag: z.string(), score: z.number().min(0).max(1), evidence: z.array(TagEvidence).min(1) });
export type PassageTag = z.infer<typeof PassageTag>;
/** Tags of a passage, strongest first. */
const Tags = z.array(PassageTag);

const BlockBase = {
  id: z.string(),
  /** null for text before the first heading (title page, preamble). */
  sectionId: z.string().nullable(),
  sourceLines: LineRange,
};

export const ParagraphBlock = z.object({
  ...BlockBase,
  type: z.literal('paragraph'),
  text: z.string().min(1),
  role: z.enum(['caption', 'note']).optional(),
  tags: Tags,
});
export const ListItem = z.object({ id: z.string(), label: z.string(), text: z.string(), sourceLines: LineRange, tags: Tags });
export const ListBlock = z.object({ ...BlockBase, type: z.literal('list'), items: z.array(ListItem).min(1) });
export const TableRow = z.object({ id: z.string(), cells: z.array(z.string()), sourceLines: LineRange, tags: Tags });
export const TableBlock = z.object({
  ...BlockBase,
  type: z.literal('table'),
  caption: z.string().nullable(),
  header: z.array(z.string()),
  rows: z.array(TableRow),
});
export const Block = z.discriminatedUnion('type', [ParagraphBlock, ListBlock, TableBlock]);
export type ParagraphBlock = z.infer<typeof ParagraphBlock>;
export type ListItem = z.infer<typeof ListItem>;
export type ListBlock = z.infer<typeof ListBlock>;
export type TableRow = z.infer<typeof TableRow>;
export type TableBlock = z.infer<typeof TableBlock>;
export type Block = z.infer<typeof Block>;

export const Figure = z.object({ raw: z.string(), value: z.number().nullable() });
export type Figure = z.infer<typeof Figure>;

export const Indicator = z.object({
  /** For a table row, the row id; for a prose target, `<passage id>-g<k>`. */
  id: z.string(),
  /** Where the figure stands: a table row (from its table) or a sentence of the goals section (from the prose). */
  source: z.enum(['table', 'prose']),
  /** The deep-link anchor in the plan reader: the table row, or the passage holding the sentence. */
  anchor: z.string(),
  /** null for a prose target. */
  tableId: z.string().nullable(),
  table: z.string().nullable(),
  /** The row number as printed in the 序号 column (or the row position when there is none). */
  row: z.string(),
  category: z.string().nullable(),
  name: z.string(),
  unit: z.string().nullable(),
  baseline: Figure,
  target: Figure,
  attribute: z.string().nullable(),
  /** Where the attribute came from: a column of the table, or the table's caption. */
  attributeSource: z.enum(['column', 'caption']).nullable(),
  /** Prose targets: the wording that qualifies the figure as printed ("累计达…以上", "突破", "超"); null for table rows. */
  comparator: z.string().nullable(),
  /** Prose targets: the clause as printed. */
  text: z.string().optional(),
  sourceLines: LineRange,
});
export type Indicator = z.infer<typeof Indicator>;

export const Diagnostic = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warning']),
  message: z.string(),
  lines: LineRange.optional(),
  ref: z.string().optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** Source lines deliberately kept out of the body: web boilerplate, a table of contents, page-break repeats. */
export const Excluded = z.object({
  kind: z.enum(['boilerplate', 'toc', 'repeated-heading', 'repeated-header', 'page-number', 'running-header', 'running-footer', 'page-marker']),
  lines: LineRange,
  text: z.string(),
});
export type Excluded = z.infer<typeof Excluded>;

export const Counts = z.object({
  sections: z.number().int().nonnegative(),
  boxes: z.number().int().nonnegative(),
  paragraphs: z.number().int().nonnegative(),
  lists: z.number().int().nonnegative(),
  listItems: z.number().int().nonnegative(),
  tables: z.number().int().nonnegative(),
  indicators: z.number().int().nonnegative(),
  diagnostics: z.number().int().nonnegative(),
  /** Passages (paragraphs, list items, table rows). */
  passages: z.number().int().nonnegative(),
  /** Passages carrying at least one tag. */
  tagged: z.number().int().nonnegative(),
});
export type Counts = z.infer<typeof Counts>;

export const Coverage = z.object({
  sourceChars: z.number().int().nonnegative(),
  coveredChars: z.number().int().nonnegative(),
  ratio: z.number().min(0).max(1),
  /** Source lines whose text was not found in the model (should be empty). */
  missingLines: z.array(z.number().int().positive()),
});
export type Coverage = z.infer<typeof Coverage>;

/**
 * Where the model's line numbers stand in the original file. Every `sourceLines` and `lines` in the
 * model counts lines of the reader's text; for a text file that is the file itself, for a PDF the
 * first line of each page is given, for a DOCX the paragraph each line renders.
 */
export const SourceMap = z.object({
  format: z.enum(['txt', 'md', 'pdf', 'docx', 'html']),
  /** PDF: `pages[k]` is the first line of page k + 1. */
  pages: z.array(z.number().int().positive()).optional(),
  /** DOCX: `paragraphs[i]` is the 1-based body paragraph that line i + 1 renders (0 for a line of its own, e.g. a blank between table rows). */
  paragraphs: z.array(z.number().int().nonnegative()).optional(),
});
export type SourceMap = z.infer<typeof SourceMap>;

export const PlanDoc = z.object({
  schemaVersion: z.literal(1),
  meta: PlanMeta,
  source: SourceMap,
  /** For scraped articles: the article's own headline and dateline, kept apart from the boilerplate. */
  article: z
    .object({ headline: z.string().nullable(), headlineLine: z.number().int().positive().nullable(), dateline: z.string().nullable() })
    .nullable(),
  counts: Counts,
  coverage: Coverage,
  outline: z.array(OutlineNode),
  blocks: z.array(Block),
  indicators: z.array(Indicator),
  /** Number of passages per tag id (tags with none are omitted). */
  tagCounts: z.record(z.string(), z.number().int().positive()),
  diagnostics: z.array(Diagnostic),
  excluded: z.array(Excluded),
});
export type PlanDoc = z.infer<typeof PlanDoc>;

export const PlanSummary = z.object({ meta: PlanMeta, counts: Counts, coverage: z.number() });
export const PlansIndex = z.object({ schemaVersion: z.literal(1), plans: z.array(PlanSummary) });
export type PlansIndex = z.infer<typeof PlansIndex>;

/** How well the tagger finds a topic, measured on the held-out test split (content/tags-eval/test/). */
export const TagEvaluation = z.object({
  split: z.literal('test'),
  /** Labelled passages scored, and the plans they come from. */
  passages: z.number().int().nonnegative(),
  plans: z.number().int().nonnegative(),
  /** Passages the labels mark as about the topic. */
  positives: z.number().int().nonnegative(),
  tp: z.number().int().nonnegative(),
  fp: z.number().int().nonnegative(),
  fn: z.number().int().nonnegative(),
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  /**
   * The same figures on every labelled passage (tuning set and test split together). Where the test
   * split holds fewer than 10 passages on the topic (the tuning set's search took them all) these are
   * the figures worth reading; they are not held out.
   */
  census: z.object({ passages: z.number().int().nonnegative(), positives: z.number().int().nonnegative(), precision: z.number().min(0).max(1), recall: z.number().min(0).max(1) }),
  /** Cohen's kappa between the two labellers on this topic; null when undefined (no variation). */
  kappa: z.number().nullable(),
  /**
   * Passages the labels mark as about the topic that the tagger does not tag, with the labellers'
   * reason (`why`) and the tagger's (`rule`: a term set aside for want of a sense word, inside an
   * excluded phrase, a factor list or a who/where/how-much cell; only in a heading; or no term at all).
   */
  misses: z.array(
    z.object({
      plan: z.string(),
      id: z.string(),
      why: z.string(),
      rule: z.object({
        kind: z.enum(['no-cue', 'excluded', 'masked', 'factor-list', 'word-boundary', 'heading-only', 'ancestor-heading', 'no-term', 'tagged']),
        terms: z.array(z.string()),
        detail: z.array(z.string()).optional(),
      }),
    }),
  ),
});
export type TagEvaluation = z.infer<typeof TagEvaluation>;

/** `/data/tags.json`: the taxonomy with the number of tagged passages per plan. */
export const TagSummary = z.object({
  id: z.string(),
  zh: z.string(),
  en: z.string(),
  order: z.number().int(),
  requested: z.boolean(),
  /** Shown with a warning and its measured figures: the text does not yet tell this topic reliably. */
  experimental: z.boolean(),
  /** An authored note on the evaluation figures (zh, en), e.g. that they are no longer blind. */
  evaluationNote: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** Whether a section heading naming the topic tags the passages under it (see TagDef.fromHeading). */
  fromHeading: z.boolean(),
  /** Figures on the held-out test split; null when no labelled plan is in the corpus. */
  evaluation: TagEvaluation.nullable(),
  definition: z.string(),
  definitionEn: z.string(),
  terms: z.array(z.string()),
  /** Terms that count only beside one of their sense words in the same clause: term → cues. */
  cues: z.record(z.string(), z.array(z.string())),
  exclude: z.array(z.string()),
  /** Tagged passages per plan slug; 0 for a plan that does not address the topic. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
});
export type TagSummary = z.infer<typeof TagSummary>;
export const TagsIndex = z.object({
  schemaVersion: z.literal(1),
  plans: z.array(z.object({ slug: z.string(), title: z.string(), passages: z.number().int(), tagged: z.number().int() })),
  tags: z.array(TagSummary),
});
export type TagsIndex = z.infer<typeof TagsIndex>;

/** One row of `/data/indicators.json` (and `.csv`): an indicator row of a plan with its metric and checks. */
export const IndicatorRowSchema = z.object({
  plan: z.string(),
  /** Indicator id (see Indicator.id). */
  id: z.string(),
  /** Deep-link anchor in the plan reader: /plans/<plan>/#<anchor>. */
  anchor: z.string(),
  table: z.string().nullable(),
  row: z.string(),
  category: z.string().nullable(),
  indicator: z.string(),
  unit: z.string().nullable(),
  baseline_raw: z.string(),
  baseline: z.number().nullable(),
  target_raw: z.string(),
  target: z.number().nullable(),
  attribute: z.string().nullable(),
  /** Canonical metric id (content/metrics.yaml), or null for a plan-specific indicator. */
  metric: z.string().nullable(),
  unit_normalized: z.string().nullable(),
  baseline_normalized: z.number().nullable(),
  target_normalized: z.number().nullable(),
  /** Implied compound annual growth baseline → target as a fraction (0.05 = 5 % a year). */
  cagr: z.number().nullable(),
  comparator: z.string().nullable(),
  source: z.enum(['table', 'prose']),
  /** "first-last" line numbers in seeds/<plan>.txt. */
  source_lines: z.string(),
  /** Flags first, then information notes, "；"-separated; empty when there is nothing to say. */
  note: z.string(),
  /** true when a sanity check fired: a unit the prose contradicts, an order of magnitude off a related plan, a baseline the review section contradicts. */
  flagged: z.boolean(),
});
export const MetricSummary = z.object({
  id: z.string(),
  zh: z.string(),
  en: z.string(),
  unit: z.string(),
  definition: z.string(),
  definitionEn: z.string(),
  related: z.array(z.string()),
  /** Topics the metric measures (the compare view shows its rows in those topics' bands). */
  tags: z.array(z.string()),
  comparability: z.string().nullable(),
  /** Plans with at least one row of this metric. */
  plans: z.array(z.string()),
});
export type MetricSummary = z.infer<typeof MetricSummary>;
export const IndicatorsIndex = z.object({
  schemaVersion: z.literal(1),
  columns: z.array(z.string()),
  metrics: z.array(MetricSummary),
  rows: z.array(IndicatorRowSchema),
});
export type IndicatorsIndex = z.infer<typeof IndicatorsIndex>;

/** Which plan of a pair likely restates the other (src/reuse/direction.ts), or only "shared". */
export const ReuseDirection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('restates'), /** The likely source: plan a or plan b of the pair. */ source: z.enum(['a', 'b']), by: z.enum(['level', 'issued']) }),
  z.object({ kind: z.literal('shared') }),
]);
const ReuseSide = z.object({
  plan: z.string(),
  /** Passage id: the anchor in the plan reader, /plans/<plan>/#<passage>. */
  passage: z.string(),
  /** [start, end) UTF-16 offsets of the shared text in the passage text as printed (a table row: its cells joined with " | "). */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The shared text exactly as printed: the passage text from start to end. */
  text: z.string(),
});
const Range = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
/** One stretch of wording two plans share, within one passage of each (src/reuse/detect.ts). */
export const SharedSpan = z.object({
  /** Stable id: "<planA>:<passageA>~<planB>:<passageB>", with "~2", "~3" … for further spans of the same two passages. */
  id: z.string(),
  /** The id of the first span of the alignment this span belongs to (an alignment crossing a passage boundary is cut into spans). */
  alignment: z.string(),
  a: ReuseSide,
  b: ReuseSide,
  /** Identical characters (letters and digits after folding width, punctuation and spaces). */
  length: z.number().int().positive(),
  /** Identical characters / aligned columns. */
  identity: z.number().min(0).max(1),
  /** How many plans of the corpus carry this wording (median over its fingerprints). */
  plans: z.number().int().min(2),
  /** A common formula (found in many plans, or an authored one): counted apart and hidden by default. */
  formula: z.boolean(),
  formulaBy: z.enum(['frequency', 'list']).nullable(),
  /** length / plans: how much the span says about these two plans in particular. */
  weight: z.number(),
  /** In order: identical text, and the edits between (replaced, deleted from A, inserted in B), as offsets into each passage's text. */
  segments: z.array(z.object({ op: z.enum(['same', 'replace', 'delete', 'insert']), a: Range.nullable(), b: Range.nullable() })),
});
export type SharedSpan = z.infer<typeof SharedSpan>;
export const ReusePair = z.object({
  a: z.string(),
  b: z.string(),
  /** Share of plan a's text (folded characters) inside substantive spans shared with b, and the converse. */
  shareA: z.number().min(0).max(1),
  shareB: z.number().min(0).max(1),
  /** The same for common formulas. */
  formulaShareA: z.number().min(0).max(1),
  formulaShareB: z.number().min(0).max(1),
  spans: z.number().int().nonnegative(),
  formulaSpans: z.number().int().nonnegative(),
  direction: ReuseDirection,
});
export type ReusePair = z.infer<typeof ReusePair>;
/** `/data/reuse.json`: shared wording between every pair of plans. */
export const ReuseIndex = z.object({
  schemaVersion: z.literal(1),
  /** Wording carried by at least this many plans is a common formula by frequency. */
  formulaPlans: z.number().int().positive(),
  /** The detector's settings (src/reuse/detect.ts, DEFAULTS). */
  options: z.record(z.string(), z.number()),
  /**
   * Every plan with its length in folded characters (the denominator of the shares) and the share
   * of its wording carried by at least `formulaPlans` plans (common wording, measured over its
   * fingerprints, also where more plans carry it than are aligned pair by pair).
   */
  plans: z.array(z.object({ slug: z.string(), chars: z.number().int().nonnegative(), commonShare: z.number().min(0).max(1) })),
  /** Plan pairs sharing anything (a before b in slug order). */
  pairs: z.array(ReusePair),
  spans: z.array(SharedSpan),
});
export type ReuseIndex = z.infer<typeof ReuseIndex>;
