import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.ts';
import { parseMeta } from '../../src/ingest/meta.ts';
import { ingestDoc } from '../../src/ingest/pipeline.ts';
import { estimateDepth, MAX_DEPTH, readHtml } from '../../src/ingest/read/html.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/ingest/read/types.ts';

const FIXTURES = 'tests/fixtures/html';
const fixture = (name: string): Uint8Array => readFileSync(`${FIXTURES}/${name}`);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const read = (bytes: Uint8Array, file = 'page.html', limits: Partial<ReadLimits> = {}) => readHtml(bytes, { file, limits: { ...DEFAULT_LIMITS, ...limits } });

/** A paragraph long enough that Readability takes the page for an article. */
const FILLER = '为深入实施创新驱动发展战略，加快建设科技创新中心，全面提升区域创新体系整体效能，推动经济社会高质量发展，制定本规划，规划期为二〇二一年至二〇二五年，展望到二〇三五年。'.repeat(3);
const page = (body: string, head = '<meta charset="utf-8"><title>测试页面标题</title>'): Uint8Array =>
  utf8(`<!DOCTYPE html><html><head>${head}</head><body><article>${body}<p>${FILLER}</p></article></body></html>`);
/** The reader's text without the filler paragraph and the headline from `<title>`. */
async function body(html: string): Promise<string> {
  const doc = await read(page(html));
  return doc.text.replace(`\n\n${FILLER}\n`, '\n').replace(/^# 测试页面标题\n\n/, '');
}

const GOV_ARTICLE = `# 某市“十四五”科技创新规划

为深入实施创新驱动发展战略，加快建设具有全国影响力的科技创新中心，根据《某市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》，制定本规划。本规划期为2021—2025年，展望到2035年。

# 一、发展基础

# （一）创新能力显著提升

“十三五”期间，全市研究与试验发展经费投入强度达到2.1%，高新技术企业数量突破3000家，技术合同成交额年均增长15%以上。

科技创新对经济社会发展的支撑作用明显增强，创新生态持续优化。

# （二）面临形势

当今世界正经历百年未有之大变局，新一轮科技革命和产业变革深入发展，区域创新竞争日趋激烈，我市科技创新面临新的机遇和挑战。

# 二、主要目标

到2025年，全市科技创新能力大幅提升，创新型城市建设取得显著成效，主要指标如下。

表1 “十四五”科技创新主要指标

指标\t2020年\t2025年\t属性
研究与试验发展经费投入强度（%）\t2.1\t2.8\t预期性
高新技术企业数量（家）\t3000\t5000\t预期性
每万人发明专利拥有量（件）\t18.5\t30\t预期性

# 三、重点任务

# （一）建设高水平创新平台

围绕重点产业领域，布局建设一批重点实验室、技术创新中心和新型研发机构，提升原始创新能力。

1.争创国家级创新平台。支持高校和科研院所建设重大科技基础设施。

2.培育新型研发机构。推动产学研深度融合，加快科技成果转化。

某市科学技术局

2021年9月28日
`;

/** Chrome of the fixtures: none of it may reach the text. */
const CHROME = ['首页', '当前位置', '政务公开', '欢迎访问', '无障碍', '收藏', '搜索', '发布时间', '来源：', '字体', '分享', '打印', '关闭窗口', '扫一扫', '相关文件', '工作要点', '版权所有', 'ICP', '网站标识码', '网站地图', 'hacked', 'stat.js'];

describe('readHtml: a government article page', () => {
  it('emits the article as Markdown-like intermediate text, and none of the page chrome', async () => {
    const doc = await read(fixture('gov-article.html'), 'seeds/gov-article.html');
    expect(doc.text).toBe(GOV_ARTICLE);
    expect(doc.format).toBe('html');
    expect(doc.encoding).toBe('utf-8');
    for (const c of CHROME) expect(doc.text, c).not.toContain(c);
  });

  it('finds the same article when the page has no class or id names (structure, not site names)', async () => {
    const plain = readFileSync(`${FIXTURES}/gov-article.html`, 'utf8').replace(/ (?:class|id)="[^"]*"/g, '');
    expect((await read(utf8(plain))).text).toBe(GOV_ARTICLE);
  });

  it('drops chrome Readability keeps (link rows, metadata line, share bar, font/print/close, prev/next, QR caption) and counts it', async () => {
    const doc = await read(fixture('news-chrome.html'));
    expect(doc.text).toBe(`# 解读某市“十四五”科技创新规划

10月8日，《某市“十四五”科技创新规划》正式发布。规划提出，到2025年全市研发经费投入强度达到2.8%，高新技术企业达到5000家，基本建成具有全国影响力的科技创新中心。

规划明确了五个方面的重点任务：建设高水平创新平台、培育壮大创新主体、推进关键核心技术攻关、促进科技成果转化、优化创新生态环境。

市科技局有关负责人表示，将围绕规划确定的目标任务，制定年度工作计划，细化落实措施，确保规划各项任务落地见效。
`);
    const chrome = doc.diagnostics.find((d) => d.code === 'html-chrome');
    expect(chrome?.severity).toBe('info');
    expect(chrome?.message).toMatch(/^7 block\(s\)/);
  });

  it('reads a table-layout page: the title from <title> without the site name, rowspan/colspan padded', async () => {
    const doc = await read(fixture('layout-table.html'));
    const lines = doc.text.split('\n');
    expect(lines[0]).toBe('# 关于印发某区科技创新发展规划的通知');
    expect(lines[2]).toBe('各街道办事处，区级各部门：');
    expect(doc.text).toContain('\n\n类别\t目标\t\n\t2025年\t2030年\n高新技术企业（家）\t200\t400\n\n');
    expect(doc.text).toContain('加快构建<产学研用>深度融合');
    expect(doc.text.endsWith('某区人民政府\n\n2022年2月25日\n')).toBe(true);
    for (const c of ['您现在的位置', '规划计划', '浏览次数', '扫一扫', 'ICP', '办事服务']) expect(doc.text, c).not.toContain(c);
    // Without class names Readability keeps the whole cell: the filter still drops the chrome and
    // keeps the signature date (tiny, but not next to the QR image in the tree).
    const plain = await read(utf8(readFileSync(`${FIXTURES}/layout-table.html`, 'utf8').replace(/ (?:class|id)="[^"]*"/g, '')));
    expect(plain.text.endsWith('某区人民政府\n\n2022年2月25日\n')).toBe(true);
    for (const c of ['您现在的位置', '浏览次数', '分享到', '扫一扫', 'ICP']) expect(plain.text, c).not.toContain(c);
    expect(plain.diagnostics.find((d) => d.code === 'html-chrome')?.message).toMatch(/^3 block\(s\)/);
  });
});

describe('readHtml: markup to text', () => {
  it('splits a paragraph at <br>, one blank line between blocks', async () => {
    expect(await body('<p>第一行<br>第二行<br/><br>第三行</p>')).toBe('第一行\n\n第二行\n\n第三行\n');
  });

  it('joins inline elements without spaces between CJK, collapses whitespace, keeps Latin spacing', async () => {
    expect(await body('<p>  <b>科技</b><span>创新</span>\n   规划 <em>R&amp;D</em>\n intensity   2.8% </p>')).toBe('科技创新规划 R&D intensity 2.8%\n');
    // A line break in the source between two CJK characters is no space (CSS segment-break rule).
    expect(await body('<p>加快建设\n      科技强市</p>')).toBe('加快建设科技强市\n');
  });

  it('marks h1–h6 with "# ", and joins a <br> inside a heading', async () => {
    expect(await body('<h2>一、总体要求</h2><h4>（一）<br>指导思想</h4><h6>Part <i>A</i></h6>')).toBe('# 一、总体要求\n\n# （一）指导思想\n\n# Part A\n');
  });

  it('keeps list items as printed: no invented numbers for <ol>', async () => {
    expect(await body('<ol><li>建设创新平台。</li><li>1.培育创新主体。</li></ol><ul><li>甲<ul><li>乙</li></ul></li></ul>')).toBe('建设创新平台。\n\n1.培育创新主体。\n\n甲\n\n乙\n');
  });

  it('emits blockquote, div-with-text and pre blocks', async () => {
    expect(await body('<blockquote>引用的话。</blockquote><div>直接文字<div>内层</div>尾部</div><pre>第一行\n  第二行\n</pre>')).toBe('引用的话。\n\n直接文字\n\n内层\n\n尾部\n\n第一行\n第二行\n');
  });

  it('prints a table one row per line, cells tab-separated, colspan padded, blank lines around it', async () => {
    const t = '<p>前文。</p><table><caption>表2 项目表</caption><thead><tr><th>序号</th><th colspan="2">项目</th></tr></thead>'
      + '<tbody><tr><td>1</td><td>实验室<br>建设</td><td>在建</td></tr><tr><td>2</td><td colspan="2">规划中</td></tr></tbody></table><p>后文。</p>';
    expect(await body(t)).toBe('前文。\n\n表2 项目表\n\n序号\t项目\t\n1\t实验室建设\t在建\n2\t规划中\t\n\n后文。\n');
  });

  it('keeps a line linking to an attachment (a document link is not navigation), drops a page link line', async () => {
    expect(await body('<p>附件：<a href="/files/指标表.pdf">某市科技创新指标表</a></p><p><a href="/news/2.html">某市召开科技大会</a></p>')).toBe('附件：某市科技创新指标表\n');
  });

  it('decodes entities once and never emits script, style or image content', async () => {
    expect(await body('<p>&amp;lt;b&amp;gt; &lt;i&gt; &#x4E2D;&#25991;<script>var x = "&lt;";</script><style>p{}</style><img alt="图"></p>')).toBe('&lt;b&gt; <i> 中文\n');
  });
});

describe('readHtml: encodings', () => {
  /** "中文科技创新规划。" in GBK: 中=D6D0 文=CEC4 科=BFC6 技=BCBC 创=B4B4 新=D0C2 规=B9E6 划=BBAE 。=A1A3. */
  const GBK_SENTENCE = [0xd6, 0xd0, 0xce, 0xc4, 0xbf, 0xc6, 0xbc, 0xbc, 0xb4, 0xb4, 0xd0, 0xc2, 0xb9, 0xe6, 0xbb, 0xae, 0xa1, 0xa3];
  const SENTENCE = '中文科技创新规划。';
  function gbkPage(head: string): Uint8Array {
    const para = [...utf8('<p>'), ...Array(30).fill(GBK_SENTENCE).flat(), ...utf8('</p>')];
    return new Uint8Array([...utf8(`<html><head>${head}<title>GBK</title></head><body><div>`), ...para, ...para, ...utf8('</div></body></html>')]);
  }

  it('decodes a page whose <meta charset> says gb2312 as GB18030', async () => {
    const doc = await read(gbkPage('<meta charset="gb2312">'));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text).toContain(SENTENCE.repeat(30));
    expect(doc.diagnostics).toContainEqual({ code: 'encoding', severity: 'info', message: 'Decoded as GB18030 (the page declares "gb2312").' });
  });

  it('reads an http-equiv content-type declaration', async () => {
    const doc = await read(gbkPage('<meta http-equiv="Content-Type" content="text/html; charset=GBK">'));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text).toContain(SENTENCE);
  });

  it('falls back to GB18030 for undeclared bytes that are not UTF-8', async () => {
    const doc = await read(gbkPage(''));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text).toContain(SENTENCE);
    expect(doc.diagnostics[0]).toMatchObject({ code: 'encoding', severity: 'info', message: 'Decoded as GB18030 (not valid UTF-8).' });
  });

  it('notices a wrong declaration: UTF-8 bytes under charset=gbk', async () => {
    const doc = await read(page('<p>中文。</p>', '<meta charset="gbk"><title>测试页面标题</title>'));
    expect(doc.encoding).toBe('utf-8');
    expect(doc.text).toContain('中文。');
    expect(doc.diagnostics.find((d) => d.code === 'encoding')?.severity).toBe('warning');
  });

  it('honours a BOM over the declaration (UTF-8 and UTF-16LE)', async () => {
    const html = new TextDecoder().decode(page('<p>中文。</p>', '<meta charset="gb2312"><title>测试页面标题</title>'));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(html)]);
    expect((await read(withBom)).encoding).toBe('utf-8');
    const u16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(html, 'utf16le')]);
    const doc = await read(u16);
    expect(doc.encoding).toBe('utf-16le');
    expect(doc.text).toContain('中文。');
  });
});

describe('readHtml: bad pages', () => {
  it('rejects a page with only navigation links, naming the file', async () => {
    const err = await read(fixture('nav-only.html'), 'seeds/portal.html').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).file).toBe('seeds/portal.html');
    expect((err as IngestError).message).toMatch(/^seeds\/portal\.html: no article text found in the page \(/);
  });

  it('rejects an empty file and a binary one', async () => {
    await expect(read(new Uint8Array(), 'a.html')).rejects.toThrow('a.html: the file is empty');
    const binary = new Uint8Array(4096).map((_v, i) => (i * 7) % 32);
    await expect(read(binary, 'b.html')).rejects.toThrow(/b\.html: looks like a binary file/);
  });

  it('treats hostile content as text: scripts dropped, braces and escaped tags kept, handlers ignored', async () => {
    const doc = await read(fixture('hostile.html'));
    expect(doc.text).toBe(`# 关于{jsx}模板与<script>标签的说明

本文说明网页中{jsx}花括号、{{ mustache }}双花括号和\${template}模板字符串都按原样保留为文字，不作任何解释或执行，确保抽取结果与页面显示一致。

图片后面的文字照常保留；内联脚本不会出现在结果中；实体&lt;b&gt;只解码一次，显示为&lt;b&gt;。

这一段带有点击事件属性，但它本身是一段正常的正文文字，长度足够，不会被当作页面控件删除，因为它包含完整的句子。

代码示例：if (a < b) { return "x"; }。
`);
    for (const bad of ['alert', 'INJECTED', 'onerror', 'NOSCRIPT', 'HIDDEN', 'SVG-TEXT', 'color: red']) expect(doc.text, bad).not.toContain(bad);
  });
});

describe('readHtml: bounds', () => {
  it('fails fast and clearly on 10^5 nested divs', async () => {
    const deep = utf8(`<html><body>${'<div>'.repeat(100_000)}${FILLER}${'</div>'.repeat(100_000)}</body></html>`);
    const t0 = Date.now();
    await expect(read(deep, 'deep.html')).rejects.toThrow(`deep.html: the page nests elements 100000 deep, over the limit of ${MAX_DEPTH}`);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('estimates depth without counting void, self-closing or implicitly closed elements, or script text', () => {
    expect(estimateDepth('<div><p>a<p>b<br><img src=x><li>c<span/></div>')).toBe(1);
    expect(estimateDepth('<div><script>"<div><div><div>"</script></div>')).toBe(1);
  });

  it('refuses a 20 MB page over ctx.limits.maxBytes before decoding it', async () => {
    const big = new Uint8Array(20 * 2 ** 20).fill(0x41);
    await expect(read(big, 'big.html', { maxBytes: 16 * 2 ** 20 })).rejects.toThrow('big.html: is 20.0 MB, over the 16.0 MB limit for one plan file');
  });

  it('stops at the wall-clock limit', async () => {
    await expect(read(fixture('gov-article.html'), 'slow.html', { timeoutMs: -1 })).rejects.toThrow(/slow\.html: reading the page took longer than/);
  });

  it('reads a 4 MB article page within a few seconds', async () => {
    const para = `<p>${FILLER}</p>\n`;
    const bytes = utf8(`<html><head><meta charset="utf-8"><title>大页面</title></head><body><div>${para.repeat(Math.ceil(4e6 / utf8(para).length))}</div></body></html>`);
    const t0 = Date.now();
    const doc = await read(bytes);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(doc.text.split('\n\n').length).toBeGreaterThan(5000);
  }, 20_000);
});

describe('readHtml → ingestDoc', () => {
  it('gives the outline and the indicator table of the article', async () => {
    const doc = await read(fixture('gov-article.html'), 'tests/fixtures/html/gov-article.html');
    const meta = { ...parseMeta(readFileSync('seeds/chengdu-outline.yaml', 'utf8'), 'seeds/chengdu-outline.yaml'), sourceType: 'plan' as const };
    const plan = ingestDoc(doc, { slug: 'gov-article', file: 'tests/fixtures/html/gov-article.html', meta });
    expect(plan.outline.map((o) => [o.label, o.title])).toEqual([
      ['一、', '发展基础'],
      ['（一）', '创新能力显著提升'],
      ['（二）', '面临形势'],
      ['二、', '主要目标'],
      ['三、', '重点任务'],
      ['（一）', '建设高水平创新平台'],
    ]);
    const tables = plan.blocks.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(1);
    const table = tables[0];
    if (table.type !== 'table') throw new Error('not a table');
    expect(table.header).toEqual(['指标', '2020年', '2025年', '属性']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['研究与试验发展经费投入强度（%）', '2.1', '2.8', '预期性'],
      ['高新技术企业数量（家）', '3000', '5000', '预期性'],
      ['每万人发明专利拥有量（件）', '18.5', '30', '预期性'],
    ]);
    expect(plan.coverage.missingLines).toEqual([]);
    expect(plan.meta.encoding).toBe('utf-8');
  });
});
