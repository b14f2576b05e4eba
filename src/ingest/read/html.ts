/**
 * Reader for web pages (`.html`, `.htm`): a plan published as a government web page, or a news
 * page quoting one. Bytes → intermediate text (see types.ts) in five steps:
 *
 *  1. decode: a BOM, else the `<meta charset>` / `http-equiv` declaration in the first 2 KB, else
 *     UTF-8, else GB18030 (GB2312 and GBK are decoded as their superset GB18030);
 *  2. bound: the input size (`ctx.limits.maxBytes`), the element nesting depth (estimated from the
 *     tags before parsing, then measured) and the element count, so no page makes the parser or
 *     Readability run away;
 *  3. parse with linkedom and neutralise the page: elements that never carry text (scripts,
 *     styles, frames, forms' controls, nav/aside/footer, hidden elements) are removed, and
 *     images and icon-like controls are replaced by a private marker so that the chrome filter
 *     (step 5) can still see that a block was a widget once Readability has cleaned it;
 *  4. Readability picks the article; its content DOM is walked into blocks: paragraphs, headings
 *     (`# ` prefix), preformatted text, and tables (one row per line, cells tab-separated);
 *  5. chrome filter, by structure only: link-dense short blocks (navigation, breadcrumbs,
 *     "打印 / 关闭窗口" links), tiny blocks next to an image or icon (share buttons, QR code
 *     captions), "label：value" metadata lines before the headline, and a heading left with only
 *     chrome under it. The page title is emitted as a first `# ` line when the article lacks it.
 *
 * Text is text: it is taken from DOM text nodes (entities decoded once, by the parser), never
 * re-parsed or interpreted; `<script>` content never reaches the output.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { squash } from '../clean.ts';
import { IngestError } from '../errors.ts';
import type { Diagnostic } from '../schema.ts';
import type { ReadContext, Reader } from './types.ts';

/** Deepest element nesting accepted (real pages nest 10–60 deep; Readability slows quadratically). */
export const MAX_DEPTH = 256;
/** Most elements accepted in one page (Readability's `maxElemsToParse`). */
export const MAX_ELEMENTS = 200_000;
/** An article shorter than this (characters other than spaces, chrome removed) is not an article. */
export const MIN_ARTICLE_CHARS = 200;

/** Stands for an image, icon or form control in the text while Readability runs (a Unicode noncharacter). */
const MEDIA = '\uFDD0';
/** A soft break inside a heading or table cell (a `<br>`, a nested block): joined without a space between CJK. */
const SOFT = '\uFDD1';

// ---------------------------------------------------------------------------------------------
// 1. Decoding

interface DecodedPage {
  html: string;
  encoding: string;
  diagnostics: Diagnostic[];
}

function strictDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The charset a `<meta>` in the first 2 KB declares, as a TextDecoder encoding name, or null. */
export function sniffCharset(bytes: Uint8Array): { declared: string; encoding: string | null } | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  if (!m) return null;
  const declared = m[1].toLowerCase();
  let encoding: string | null;
  try {
    encoding = new TextDecoder(declared).encoding;
  } catch {
    encoding = null;
  }
  // GBK (and GB2312, which TextDecoder labels "gbk") is a subset of GB18030.
  if (encoding === 'gbk') encoding = 'gb18030';
  // A page cannot declare UTF-16 in its own ASCII bytes (HTML spec: treat as UTF-8).
  if (encoding === 'utf-16le' || encoding === 'utf-16be') encoding = 'utf-8';
  return { declared, encoding };
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

export function decodeHtml(bytes: Uint8Array, file: string): DecodedPage {
  if (bytes.length === 0) throw new IngestError(file, 'the file is empty');
  const diagnostics: Diagnostic[] = [];
  let html: string | null = null;
  let encoding = 'utf-8';
  const bom = bomEncoding(bytes);
  const sniffed = bom ? null : sniffCharset(bytes);
  if (bom) {
    encoding = bom;
    html = new TextDecoder(bom).decode(bytes);
  } else if (sniffed?.encoding) {
    encoding = sniffed.encoding;
    html = strictDecode(encoding, bytes);
    if (html === null) {
      // The declaration is wrong (a page saved again in another encoding): try the usual two.
      const other = ['utf-8', 'gb18030'].find((e) => e !== encoding && strictDecode(e, bytes) !== null);
      if (other) {
        diagnostics.push({ code: 'encoding', severity: 'warning', message: `The page declares charset "${sniffed.declared}" but its bytes are not valid ${encoding.toUpperCase()}; decoded as ${other.toUpperCase()}.` });
        encoding = other;
        html = new TextDecoder(other).decode(bytes);
      } else {
        html = new TextDecoder(encoding).decode(bytes);
        const bad = (html.match(/\uFFFD/g) ?? []).length;
        diagnostics.push({ code: 'encoding', severity: 'warning', message: `${bad} byte sequence(s) are not valid ${encoding.toUpperCase()} (the declared charset "${sniffed.declared}"); they were replaced with U+FFFD.` });
      }
    }
  } else {
    if (sniffed) diagnostics.push({ code: 'encoding', severity: 'warning', message: `The page declares an unknown charset "${sniffed.declared}"; it was ignored.` });
    html = strictDecode('utf-8', bytes);
    if (html === null) {
      html = strictDecode('gb18030', bytes);
      encoding = 'gb18030';
      if (html === null) throw new IngestError(file, 'is neither valid UTF-8 nor GB18030 text, and declares no charset');
    }
  }
  if (html.charCodeAt(0) === 0xfeff) html = html.slice(1);
  checkNotBinary(html, file);
  if (encoding !== 'utf-8') {
    const how = bom ? 'byte order mark' : sniffed?.encoding === encoding ? `the page declares "${sniffed.declared}"` : 'not valid UTF-8';
    diagnostics.unshift({ code: 'encoding', severity: 'info', message: `Decoded as ${encoding.toUpperCase()} (${how}).` });
  }
  return { html, encoding, diagnostics };
}

function checkNotBinary(html: string, file: string): void {
  let controls = 0;
  for (let i = 0; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) controls++;
  }
  if (controls > 0 && controls / html.length > 0.01) {
    throw new IngestError(file, `looks like a binary file (${controls} control or undecodable characters); expected an HTML page`);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Bounds

/** Elements with no content (never nest). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen']);
/** Elements whose end tag may be omitted: the parser closes them implicitly, so they do not pile up. */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rp', 'html', 'head', 'body']);
/** Elements whose content is raw text, not markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

/**
 * How deep the page's elements nest, estimated from the tags alone (linear, before parsing: the
 * parser itself slows down on a pathologically deep page).
 */
export function estimateDepth(html: string): number {
  const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(\/?)>/g;
  const lower = html.toLowerCase();
  let depth = 0;
  let max = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html))) {
    if (!m[2]) continue;
    const name = m[2].toLowerCase();
    if (VOID.has(name) || OPTIONAL_END.has(name)) continue;
    if (m[1]) {
      if (depth > 0) depth--;
    } else if (RAW_TEXT.has(name)) {
      const end = lower.indexOf(`</${name}`, tag.lastIndex);
      tag.lastIndex = end < 0 ? html.length : end;
    } else if (!m[3]) {
      depth++;
      if (depth > max) max = depth;
    }
  }
  return max;
}

/** Depth and element count of the parsed tree, measured without recursion. */
function measureTree(root: Element): { depth: number; elements: number } {
  let depth = 0;
  let elements = 0;
  const stack: Array<[Element, number]> = [[root, 1]];
  while (stack.length) {
    const [el, d] = stack.pop()!;
    elements++;
    if (d > depth) depth = d;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push([c, d + 1]);
  }
  return { depth, elements };
}

function deepError(file: string, depth: number): IngestError {
  return new IngestError(file, `the page nests elements ${depth} deep, over the limit of ${MAX_DEPTH} (a malformed or hostile page)`);
}

function deadline(ctx: ReadContext): (stage: string) => void {
  const until = Date.now() + ctx.limits.timeoutMs;
  return (stage) => {
    if (Date.now() > until) throw new IngestError(ctx.file, `reading the page took longer than ${Math.round(ctx.limits.timeoutMs / 1000)} s (stopped while ${stage})`);
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Neutralising the page before Readability

/** Never text: removed with their content. */
const DROP = ['script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'audio', 'video', 'map', 'select', 'textarea', 'datalist', 'dialog', 'nav', 'aside', 'footer', 'link'];
/** Non-text content that may be part of a widget: replaced by the MEDIA marker. */
const MEDIA_TAGS = ['img', 'picture', 'svg', 'canvas', 'math', 'input'];

function removeAll(doc: Document, selector: string): void {
  for (const el of [...doc.querySelectorAll(selector)]) el.remove();
}

const isHidden = (el: Element): boolean =>
  el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(el.getAttribute('style') ?? '');

/** Makes a control (a scripted link, a clickable span, a button) an ordinary link, so it counts as link text. */
function asLink(doc: Document, el: Element): void {
  const a = doc.createElement('a');
  a.setAttribute('href', '#');
  while (el.firstChild) a.appendChild(el.firstChild);
  if (!a.textContent?.trim()) a.textContent = MEDIA;
  if (el.tagName.toLowerCase() === 'button') el.replaceWith(a);
  else el.appendChild(a);
}

function neutralise(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  removeAll(doc, [...DROP, 'input[type="hidden"]'].join(','));
  for (const el of [...body.querySelectorAll('*')]) if (isHidden(el)) el.remove();
  // A form holding the whole page (ASP.NET) stays; a small one (a search box) goes.
  for (const f of [...body.querySelectorAll('form')]) if (letterCount(f.textContent ?? '') < MIN_ARTICLE_CHARS) f.remove();
  for (const el of [...body.querySelectorAll(MEDIA_TAGS.join(','))]) el.replaceWith(doc.createTextNode(MEDIA));
  for (const a of [...body.querySelectorAll('a[href]')]) {
    const href = a.getAttribute('href') ?? '';
    if (/^\s*javascript:/i.test(href)) a.setAttribute('href', '#');
  }
  // Only small controls: a clickable container around real text stays text.
  for (const el of [...body.querySelectorAll('button, [onclick]')]) {
    if (el.tagName.toLowerCase() !== 'a' && letterCount(el.textContent ?? '') <= 10 && !el.querySelector('p, div, table, li, h1, h2, h3, h4, h5, h6')) asLink(doc, el);
  }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const LETTER = /[\p{L}\p{N}]/gu;
const letterCount = (s: string): number => (s.match(LETTER) ?? []).length;
const WIDE = /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const isWide = (c: string | undefined): boolean => !!c && WIDE.test(c);
const MEDIA_ALL = new RegExp(MEDIA, 'g');
const SOFT_RUN = new RegExp(` ?${SOFT}[ ${SOFT}]*`, 'g');
const MARKERS = new RegExp(`[${MEDIA}${SOFT}]`, 'g');

/** Joins two pieces of one line across a soft break: a space only between Latin letters or digits. */
const softJoin = (a: string, b: string): string => (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? ' ' : '');

/**
 * HTML whitespace collapsing: a run of spaces, tabs and line breaks becomes one space, except a
 * line break between two CJK characters, which vanishes (the CSS segment-break rule); soft breaks
 * join as `softJoin` says; the line is trimmed (full-width and no-break indent spaces included).
 */
export function collapse(raw: string): string {
  let s = raw.replace(/[ \t\n\r\f]+/g, (ws: string, at: number, all: string) => (/[\n\r]/.test(ws) && isWide(all[at - 1]) && isWide(all[at + ws.length]) ? '' : ' '));
  s = s.replace(SOFT_RUN, (run: string, at: number, all: string) => softJoin(all[at - 1] ?? '', all[at + run.length] ?? ''));
  return s.replace(MEDIA_ALL, '').replace(/ {2,}/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// 4. Walking the article into blocks

type BlockKind = 'text' | 'heading' | 'pre' | 'table';

interface Block {
  kind: BlockKind;
  /** The lines the block prints (one for text and headings; table rows tab-joined). */
  lines: string[];
  /** Letters and digits in the block. */
  chars: number;
  /** … of them inside links. */
  linkChars: number;
  /** Images, icons and controls in the block. */
  media: number;
  /** The element the block's text sat in (null for the inserted headline). */
  box: Element | null;
}

interface Inline {
  raw: string;
  chars: number;
  linkChars: number;
  media: number;
}

const emptyInline = (): Inline => ({ raw: '', chars: 0, linkChars: 0, media: 0 });

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Elements laid out as blocks: each starts and ends a line. */
const BLOCKS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'section', 'article', 'main', 'header', 'address', 'center',
  'figure', 'figcaption', 'details', 'summary', 'fieldset', 'legend', 'hgroup', 'body', 'html', 'form', 'caption', 'tr', 'td', 'th',
  'thead', 'tbody', 'tfoot', 'hr', 'menu', 'dir', 'search',
]);
/** Left out of the text wherever they still are. */
const SKIP = new Set([...DROP, 'head', 'title', 'meta', 'base', 'option', 'optgroup', 'button', 'img', 'picture', 'svg', 'canvas', 'math', 'input', 'colgroup', 'col', 'rp']);

const MAX_SPAN = 100;
const tagOf = (n: Node): string => (n as Element).tagName?.toLowerCase() ?? '';

/** A link to a document file (an attachment such as "附件：指标表.pdf") is content, not navigation. */
const DOCUMENT_LINK = /\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt|csv)(?:[?#].*)?$/i;
/** Does the element start link text: an `<a href>` to a page (not to a document)? */
const isNavLink = (el: Element): boolean => tagOf(el) === 'a' && el.hasAttribute('href') && !DOCUMENT_LINK.test(el.getAttribute('href') ?? '');

/** Text of a subtree as one line (a heading, a table cell): nested blocks and `<br>` are soft breaks. */
function inlineOf(el: Element, out: Inline = emptyInline(), inLink = false): Inline {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3) addText(out, n.nodeValue ?? '', inLink);
    else if (n.nodeType === 1) {
      const tag = tagOf(n);
      if (SKIP.has(tag)) continue;
      if (tag === 'br' || BLOCKS.has(tag) || HEADINGS.has(tag) || tag === 'table' || tag === 'pre') out.raw += SOFT;
      inlineOf(n as Element, out, inLink || isNavLink(n as Element));
      if (BLOCKS.has(tag) || HEADINGS.has(tag) || tag === 'table' || tag === 'pre') out.raw += SOFT;
    }
  }
  return out;
}

function addText(out: Inline, text: string, inLink: boolean): void {
  out.raw += text;
  const chars = letterCount(text);
  const media = text.split(MEDIA).length - 1;
  out.chars += chars;
  out.media += media;
  if (inLink) out.linkChars += chars + media;
}

/** The rows of a data table (rowspan/colspan padded with empty cells), or null for a layout table. */
export function tableRows(table: Element): string[][] | null {
  const trs: Element[] = [];
  for (const c of table.children) {
    const tag = tagOf(c);
    if (tag === 'tr') trs.push(c);
    else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') for (const r of c.children) if (tagOf(r) === 'tr') trs.push(r);
  }
  const rows: string[][] = [];
  const carry: number[] = [];
  let width = 0;
  for (const tr of trs) {
    const row: string[] = [];
    let col = 0;
    const fillCarried = (): void => {
      while ((carry[col] ?? 0) > 0) {
        carry[col]--;
        row[col++] = '';
      }
    };
    for (const cell of tr.children) {
      const tag = tagOf(cell);
      if (tag !== 'td' && tag !== 'th') continue;
      if (cell.querySelector('table, h1, h2, h3, h4, h5, h6')) return null;
      fillCarried();
      const text = collapse(inlineOf(cell).raw);
      if (letterCount(text) > 1000) return null;
      const cs = Math.min(MAX_SPAN, Math.max(1, Number.parseInt(cell.getAttribute('colspan') ?? '1', 10) || 1));
      const rs = Math.max(1, Number.parseInt(cell.getAttribute('rowspan') ?? '1', 10) || 1);
      for (let k = 0; k < cs; k++) {
        row[col + k] = k === 0 ? text : '';
        carry[col + k] = rs - 1;
      }
      col += cs;
    }
    for (; col < carry.length; col++) fillCarried();
    width = Math.max(width, row.length);
    if (row.some((c) => c !== '')) rows.push(row.map((c) => c ?? ''));
  }
  if (width < 2 || rows.length === 0) return null;
  return rows;
}

/** Walks the article's content into blocks. */
class Walker {
  readonly blocks: Block[] = [];
  private cur: Inline = emptyInline();
  /** The block element whose text is being gathered. */
  private box: Element | null = null;
  private nodes = 0;
  private readonly check: (stage: string) => void;

  constructor(check: (stage: string) => void) {
    this.check = check;
  }

  /** Handlers by element kind; any other element is inline and adds to the current line. */
  private readonly handlers: Record<string, (el: Element, inLink: boolean) => void> = {
    br: () => this.flush(),
    hr: () => this.flush(),
    pre: (el) => this.pre(el),
    table: (el, inLink) => this.table(el, inLink),
    ...Object.fromEntries([...HEADINGS].map((h) => [h, (el: Element) => this.heading(el)])),
  };

  /** Walks a whole subtree as a block of its own. */
  block(el: Element, inLink = false): void {
    this.flush();
    const outer = this.box;
    this.box = el;
    this.walk(el, inLink);
    this.flush();
    this.box = outer;
  }

  private walk(el: Element, inLink: boolean): void {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (++this.nodes % 2000 === 0) this.check('walking the article');
      if (n.nodeType === 3) {
        addText(this.cur, n.nodeValue ?? '', inLink);
        continue;
      }
      if (n.nodeType !== 1) continue;
      const child = n as Element;
      const tag = tagOf(child);
      if (SKIP.has(tag)) continue;
      const handler = this.handlers[tag];
      if (handler) handler(child, inLink);
      else if (BLOCKS.has(tag)) this.block(child, inLink);
      else this.walk(child, inLink || isNavLink(child));
    }
  }

  private push(kind: BlockKind, lines: string[], inl: Omit<Inline, 'raw'>, box: Element | null): void {
    this.blocks.push({ kind, lines, chars: inl.chars, linkChars: inl.linkChars, media: inl.media, box });
  }

  /** Ends the current line: a text block if it holds anything (an image alone counts). */
  private flush(): void {
    const text = collapse(this.cur.raw);
    if (text || this.cur.media) this.push('text', text ? [text] : [], this.cur, this.box);
    this.cur = emptyInline();
  }

  private heading(el: Element): void {
    this.flush();
    const inl = inlineOf(el);
    const text = collapse(inl.raw);
    if (text) this.push('heading', [`# ${text}`], inl, el);
  }

  /** Preformatted text keeps its lines (the layout repair joins wrapped ones). */
  private pre(el: Element): void {
    this.flush();
    const raw = (el.textContent ?? '').replace(MARKERS, '');
    const lines = raw
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.replace(/[ \t\f]+/g, ' ').trim())
      .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    if (lines.length) this.push('pre', lines, { chars: letterCount(raw), linkChars: 0, media: 0 }, el);
  }

  private table(el: Element, inLink: boolean): void {
    const rows = tableRows(el);
    // A layout table: its cells are containers.
    if (!rows) return this.block(el, inLink);
    this.flush();
    const caption = [...el.children].find((c) => tagOf(c) === 'caption');
    if (caption) this.block(caption, inLink);
    this.push('table', rows.map((r) => r.join('\t')), inlineOf(el), el);
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Chrome

const SENTENCE = /[。！？；!?;]/;
/** "发布时间：2021-09-30", "来源：市科技局": a short label and a colon. */
const FIELD = /(?:^|[\s　|｜【\[])[\p{Script=Han}]{2,6}\s*[:：]/gu;
const DATE = /\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}/;
const CAPTION = /^[图表]\s*\d/;

const textOf = (b: Block): string => b.lines.join('\n');
const isProse = (b: Block): boolean => b.kind === 'text' && b.chars >= 40 && /[，。,]/.test(textOf(b));
const isMediaOnly = (b: Block): boolean => b.kind === 'text' && b.chars === 0;

/** Mostly link text: navigation, breadcrumbs, related links, "打印 / 关闭" links. */
function isLinkChrome(b: Block): boolean {
  if (b.kind === 'pre' || b.kind === 'table' || SENTENCE.test(textOf(b))) return false;
  const density = b.linkChars / Math.max(1, b.chars + b.media);
  if (b.kind === 'heading') return density >= 0.9;
  return density >= 0.8 || (density >= 0.5 && b.chars <= 40);
}

/** Elements next to each other in the tree: the same, siblings, or parent and child. */
const related = (a: Element | null, b: Element | null): boolean =>
  !!a && !!b && (a === b || a.parentElement === b.parentElement || a.parentElement === b || b.parentElement === a);

/**
 * A tiny line with an image or icon in it, or next to an image in the tree: a share bar, a QR
 * code's caption. Dates and figure captions ("图1 …") are never widgets.
 */
function isWidget(blocks: Block[], i: number): boolean {
  const b = blocks[i];
  const text = textOf(b);
  if (b.kind !== 'text' || b.chars > 20 || SENTENCE.test(text) || CAPTION.test(text) || DATE.test(text)) return false;
  if (b.media > 0) return true;
  const near = (j: number): boolean => j >= 0 && j < blocks.length && isMediaOnly(blocks[j]) && related(blocks[j].box, b.box);
  return near(i - 1) || near(i + 1);
}

/** "发布时间：… 来源：…": page metadata fields, not plan text. */
function isFieldLine(b: Block): boolean {
  if (b.kind !== 'text' || b.chars > 80 || SENTENCE.test(textOf(b))) return false;
  const fields = (textOf(b).match(FIELD) ?? []).length;
  return fields >= 2 || (fields === 1 && DATE.test(textOf(b)));
}

/**
 * Which blocks are page chrome: link-dense or widget blocks anywhere, metadata field lines before
 * the first prose paragraph (around the headline at `headlineAt`) or, with two fields or more,
 * after the last one.
 */
function chromeFlags(blocks: Block[], headlineAt: number): boolean[] {
  const firstProse = blocks.findIndex(isProse);
  const lastProse = blocks.length - 1 - [...blocks].reverse().findIndex(isProse);
  const flags = blocks.map((b, i) => {
    if (isMediaOnly(b) || i === headlineAt) return false;
    if (isLinkChrome(b) || isWidget(blocks, i)) return true;
    if (firstProse < 0 || !isFieldLine(b)) return false;
    return i < firstProse || (i > lastProse && (textOf(b).match(FIELD) ?? []).length >= 2);
  });
  // A heading with only chrome under it ("相关链接" over a list of links) is chrome too.
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (blocks[i].kind !== 'heading' || flags[i]) continue;
    let j = i + 1;
    let dropped = 0;
    while (j < blocks.length && blocks[j].kind !== 'heading' && (flags[j] || isMediaOnly(blocks[j]))) {
      if (flags[j]) dropped++;
      j++;
    }
    if (dropped > 0 && (j === blocks.length || blocks[j].kind === 'heading')) flags[i] = true;
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------
// The headline

interface TitleInfo {
  /** `<title>` of the page. */
  pageTitle: string;
  /** Headings of the page (h1 first), before Readability removed any. */
  headings: string[];
}

function titleInfo(doc: Document): TitleInfo {
  const pageTitle = collapse(doc.querySelector('title')?.textContent ?? '');
  const headings = [...doc.querySelectorAll('h1'), ...doc.querySelectorAll('h2, h3')].map((h) => collapse(inlineOf(h).raw));
  return { pageTitle, headings: headings.filter((h) => h.length >= 4 && h.length <= 100) };
}

/** A page title without the site's name: the longest part between separators ("…_政策文件_某市人民政府"). */
const titleCore = (t: string): string =>
  t.split(/\s*[_|｜]\s*|\s+[-–—]\s+/).reduce((best, part) => (part.trim().length > best.length ? part.trim() : best), '');

/** The page's headline: the page heading the `<title>` contains, else the `<title>` without the site's name. */
export function chooseHeadline(info: TitleInfo, articleTitle: string | null | undefined): string | null {
  const title = squash(info.pageTitle);
  const inTitle = info.headings.filter((h) => title.includes(squash(h)));
  if (inTitle.length) return inTitle.reduce((a, b) => (squash(b).length > squash(a).length ? b : a));
  const core = titleCore(collapse(articleTitle || info.pageTitle));
  return core.length >= 4 ? core : null;
}

/** Where the article already prints its headline (a block before its first prose), or -1. */
function headlineIndex(blocks: Block[], headline: string | null): number {
  if (!headline) return -1;
  const h = squash(headline);
  const firstProse = blocks.findIndex(isProse);
  const end = firstProse < 0 ? Math.min(blocks.length, 8) : firstProse;
  for (let i = 0; i < end; i++) {
    const t = squash(textOf(blocks[i]).replace(/^# /, ''));
    if (t && (t === h || ((h.includes(t) || t.includes(h)) && Math.min(t.length, h.length) >= 0.75 * Math.max(t.length, h.length)))) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Output

function chromeMessage(dropped: Block[]): string {
  const shown = dropped.slice(0, 5).map((b) => {
    const t = textOf(b).replace(/^# /, '').replace(/\s+/g, ' ');
    return `“${t.length > 24 ? `${t.slice(0, 24)}…` : t}”`;
  });
  const more = dropped.length > shown.length ? ', …' : '';
  return `${dropped.length} block(s) of page chrome (navigation, share buttons, page metadata) were left out of the article text: ${shown.join(', ')}${more}.`;
}

function render(blocks: Block[]): string {
  const parts: string[] = [];
  for (const b of blocks) if (b.lines.length) parts.push(b.lines.join('\n'));
  return parts.length ? `${parts.join('\n\n')}\n` : '';
}

function parseDocument(html: string, file: string): Document {
  const depth = estimateDepth(html);
  if (depth > MAX_DEPTH) throw deepError(file, depth);
  const { document } = parseHTML(html);
  if (!document.documentElement) throw new IngestError(file, 'could not be parsed as an HTML page');
  const tree = measureTree(document.documentElement);
  if (tree.depth > MAX_DEPTH + 3) throw deepError(file, tree.depth);
  if (tree.elements > MAX_ELEMENTS) throw new IngestError(file, `the page has ${tree.elements} elements, over the limit of ${MAX_ELEMENTS}`);
  return document;
}

function runReadability(doc: Document, file: string): { title: string | null; content: Element } | null {
  let article;
  try {
    article = new Readability<Element>(doc, { charThreshold: MIN_ARTICLE_CHARS, maxElemsToParse: MAX_ELEMENTS, serializer: (n) => n as Element }).parse();
  } catch (e) {
    throw new IngestError(file, `the article could not be extracted (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!article?.content) return null;
  return { title: article.title ?? null, content: article.content };
}

export const readHtml: Reader = async (bytes, ctx) => {
  const { file } = ctx;
  if (bytes.length > ctx.limits.maxBytes) {
    throw new IngestError(file, `is ${(bytes.length / 2 ** 20).toFixed(1)} MB, over the ${(ctx.limits.maxBytes / 2 ** 20).toFixed(1)} MB limit for one plan file`);
  }
  const check = deadline(ctx);
  const decoded = decodeHtml(bytes, file);
  const doc = parseDocument(decoded.html, file);
  check('parsing');
  neutralise(doc);
  const info = titleInfo(doc);
  const article = runReadability(doc, file);
  check('extracting the article');

  const walker = new Walker(check);
  if (article) {
    walker.block(article.content);
  }
  const blocks = walker.blocks;
  const headline = chooseHeadline(info, article?.title);
  const at = headlineIndex(blocks, headline);
  const flags = chromeFlags(blocks, at);
  const kept = blocks.filter((b, i) => !flags[i] && b.lines.length);
  const chrome = flags.filter(Boolean).length;
  const bodyChars = kept.reduce((n, b) => n + squash(textOf(b)).length, 0);
  if (bodyChars < MIN_ARTICLE_CHARS) {
    throw new IngestError(file, `no article text found in the page (${bodyChars} characters outside navigation and page chrome; at least ${MIN_ARTICLE_CHARS} expected)`);
  }
  if (at < 0 || flags[at]) {
    if (headline) kept.unshift({ kind: 'heading', lines: [`# ${headline}`], chars: letterCount(headline), linkChars: 0, media: 0, box: null });
  }
  const diagnostics = [...decoded.diagnostics];
  if (chrome) diagnostics.push({ code: 'html-chrome', severity: 'info', message: chromeMessage(blocks.filter((_b, i) => flags[i])) });
  return { format: 'html', text: render(kept), encoding: decoded.encoding, diagnostics };
};
