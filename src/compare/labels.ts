/** Labels and limits shared by the compare view's build-time and client renderers. */
export const KIND_LABELS: Record<string, string> = { paragraph: '段 paragraph', item: '条 item', row: '表格行 table row' };
/** Passages shown per cell before the rest fold into "n more". */
export const FIRST_HITS = 8;

/** Shared topics named per link (strongest first). */
export const SHOWN_TAGS = 3;
/** Title similarity from which a link says "similar title". */
export const SIMILAR_TITLE = 0.3;

/** Why two sections are linked, in words: the topics they share and whether their titles are alike. */
export function linkReason(link: { sharedTags: string[]; titleSim: number }, tagZh: (id: string) => string): string {
  const parts: string[] = [];
  // The strongest few: broad chapters share most topics, and a long list says nothing.
  const shown = link.sharedTags.slice(0, SHOWN_TAGS).map(tagZh).join('、');
  const more = link.sharedTags.length - SHOWN_TAGS;
  if (link.sharedTags.length) parts.push(`共同主题 shared topics：${shown}${more > 0 ? ` 等 +${more}` : ''}`);
  if (link.titleSim >= SIMILAR_TITLE) parts.push('标题相近 similar title');
  return parts.join(' · ') || '内容相近 similar content';
}
