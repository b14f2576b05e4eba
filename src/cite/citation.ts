/**
 * Citations of a passage (or section) of a plan, in GB/T 7714-2015 and APA (7th edition) style.
 *
 * Pure and dependency-free: the reader's ¶ menu and the basket export format citations in the
 * browser; unit tests pin them against hand-written strings.
 *
 * The cited resource is the plan as published on this site (an online electronic resource, [EB/OL]),
 * pointing at the passage's anchor. A plan's issuer and date are often not printed in the text
 * (metadata null): the styles' own rules for a missing author (omit it; in APA the title moves to
 * the author's place) and a missing date (omit it; APA writes "n.d.") apply, nothing is invented.
 */

export interface CiteSource {
  /** Plan title as printed. */
  title: string;
  titleEn: string;
  issuer: string | null;
  /** ISO date or year-month, as in the plan metadata. */
  issued: string | null;
  docNumber: string | null;
  /** Headings from the top of the outline down to the cited passage's section (as printed). */
  section: string[];
  /** Absolute URL of the passage (with its #anchor). */
  url: string;
  /** Access date, YYYY-MM-DD. */
  accessed: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Trailing full stop unless the text already ends in closing punctuation. */
const stop = (s: string) => (/[.。!?！？]$/.test(s) ? s : `${s}.`);

function parseDate(d: string): { y: number; m: number; day: number | null } {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(d);
  if (!m) throw new Error(`not an ISO date: ${d}`);
  return { y: Number(m[1]), m: Number(m[2]), day: m[3] ? Number(m[3]) : null };
}

/**
 * The section path as other title information: "第三章 …, 三、…, （一）…". A bracketed label is
 * set close to its title, as printed in Chinese text (the reader shows "（一） …" with a space).
 */
const sectionText = (section: string[]) => section.map((h) => h.replace(/^([（(][^）)]{1,4}[）)])\s+/, '$1')).join(', ');

/**
 * GB/T 7714-2015, electronic resource:
 * 主要责任者. 题名: 其他题名信息[EB/OL]. (发布日期)[引用日期]. 获取和访问路径.
 * The document number (文号) and the section path are other title information.
 */
export function gbt7714(c: CiteSource): string {
  const other = [c.docNumber, c.section.length ? sectionText(c.section) : null].filter(Boolean).join(', ');
  const title = `${c.title}${other ? `: ${other}` : ''}[EB/OL]`;
  const parts = [c.issuer ? stop(c.issuer) : null, stop(title), `${c.issued ? `(${c.issued})` : ''}[${c.accessed}].`, stop(c.url)];
  return parts.filter(Boolean).join(' ');
}

/**
 * APA 7, government document on a website:
 * Issuer. (Year, Month Day). Title [English title]: Section. Plan Atlas. Retrieved Month Day, Year, from URL
 * With no issuer the title takes the author's place; with no date, "(n.d.)".
 */
export function apa(c: CiteSource): string {
  let date = 'n.d.';
  if (c.issued) {
    const d = parseDate(c.issued);
    date = `${d.y}, ${MONTHS[d.m - 1]}${d.day ? ` ${d.day}` : ''}`;
  }
  const a = parseDate(c.accessed);
  const retrieved = `Retrieved ${MONTHS[a.m - 1]} ${a.day}, ${a.y}, from ${c.url}`;
  const title = `${c.title} [${c.titleEn}]${c.section.length ? `: ${sectionText(c.section)}` : ''}${c.docNumber ? ` (${c.docNumber})` : ''}`;
  if (!c.issuer) return `${stop(title)} (${date}). Plan Atlas. ${retrieved}`;
  return `${stop(c.issuer)} (${date}). ${stop(title)} Plan Atlas. ${retrieved}`;
}

/** Today as YYYY-MM-DD in the given time zone (the access date of a citation). */
export function today(timeZone = 'Asia/Shanghai', now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
