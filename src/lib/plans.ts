/** The plan models written by the ingest step. Pages read these; they never re-parse text. */
import type { Block, OutlineNode, PlanDoc } from '../ingest/schema.ts';

export { headingText } from '../ingest/passages.ts';

// `@plan-content` is an alias (astro.config.mjs) for the ingest output directory.
const modules = import.meta.glob<PlanDoc>('@plan-content/*.json', { eager: true, import: 'default' });

const sorted: PlanDoc[] = Object.values(modules).sort((a, b) => a.meta.slug.localeCompare(b.meta.slug));
const bySlug = new Map(sorted.map((p) => [p.meta.slug, p]));

/** Every plan, in slug order (one shared list: copy it before sorting). */
export function allPlans(): PlanDoc[] {
  return sorted;
}

export function planBySlug(slug: string): PlanDoc | undefined {
  return bySlug.get(slug);
}

export interface TreeNode {
  node: OutlineNode;
  /** Blocks and child nodes in document order. */
  items: Array<{ block: Block } | { child: TreeNode }>;
}

/** The outline as a tree, each node holding its own blocks and child sections/boxes in document order. */
export function planTree(plan: PlanDoc): { preamble: Block[]; roots: TreeNode[] } {
  const byId = new Map<string, TreeNode>();
  const order = new Map<string, number>();
  for (const o of plan.outline) byId.set(o.id, { node: o, items: [] });
  const roots: TreeNode[] = [];
  const keyed: Array<[number, number, () => void]> = [];
  plan.outline.forEach((o, k) => {
    order.set(o.id, k);
    const t = byId.get(o.id)!;
    const parent = o.parentId ? byId.get(o.parentId) : null;
    keyed.push([o.sourceLines[0], k, () => (parent ? parent.items.push({ child: t }) : roots.push(t))]);
  });
  const preamble: Block[] = [];
  plan.blocks.forEach((b, k) => {
    keyed.push([b.sourceLines[0], plan.outline.length + k, () => (b.sectionId ? byId.get(b.sectionId)!.items.push({ block: b }) : preamble.push(b))]);
  });
  keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]).forEach(([, , add]) => add());
  return { preamble, roots };
}

export const LEVEL_LABELS: Record<string, { zh: string; en: string }> = {
  national: { zh: '国家级', en: 'National' },
  province: { zh: '省级', en: 'Provincial' },
  city: { zh: '市级', en: 'City' },
  district: { zh: '区县级', en: 'District' },
  'high-tech-zone': { zh: '高新区', en: 'High-tech zone' },
};

export const SOURCE_TYPE_LABELS: Record<string, { zh: string; en: string }> = {
  plan: { zh: '规划全文', en: 'Full plan' },
  'news-excerpt': { zh: '新闻摘编', en: 'News excerpt' },
};

export function planUrl(slug: string, anchor?: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}/plans/${slug}/${anchor ? `#${anchor}` : ''}`;
}

export function withBase(path: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}${path}`;
}
