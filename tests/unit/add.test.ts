/**
 * `npm run add` and its metadata guesser: guessMeta against the five seeds' texts and their
 * committed metadata (for the fields the text states), small texts for each rule (and for texts
 * that state nothing), and scripts/add.ts end to end on a temporary seeds directory.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { dateOfLine, guessMeta, orgOfLine, placeOf, REGION_PLACEHOLDER, smallNumber, TITLE_EN_PLACEHOLDER } from '../../src/ingest/guess-meta.ts';
import { parseMeta } from '../../src/ingest/meta.ts';
import { PlanMetaInput } from '../../src/ingest/schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SEEDS = join(ROOT, 'seeds');
const SEED_SLUGS = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt') && existsSync(join(SEEDS, f.replace(/\.txt$/, '.yaml'))))
  .map((f) => f.replace(/\.txt$/, ''));

/** Titles compared without quote marks and spaces (“十四五” vs "十四五"). */
const norm = (s: string): string => s.replace(/[\s“”"‘’《》「」]/g, '');

function seed(slug: string) {
  const text = readFileSync(join(SEEDS, `${slug}.txt`), 'utf8');
  const meta = parseMeta(readFileSync(join(SEEDS, `${slug}.yaml`), 'utf8'), `seeds/${slug}.yaml`);
  return { text, meta, guess: guessMeta(text) };
}

describe('guessMeta on the seeds', () => {
  it('finds the five seeds', () => {
    expect(SEED_SLUGS.length).toBeGreaterThanOrEqual(5);
  });

  for (const slug of SEED_SLUGS) {
    describe(slug, () => {
      const { text, meta, guess } = seed(slug);

      it('title: what the text prints, the committed title or its beginning', () => {
        expect(guess.title.value.length).toBeGreaterThanOrEqual(8);
        expect(norm(meta.title).startsWith(norm(guess.title.value))).toBe(true);
        if (!guess.title.guessed) {
          expect(norm(guess.title.value)).toBe(norm(meta.title));
          expect(guess.title.line).not.toBeNull();
        }
      });

      it('period matches', () => {
        expect(guess.period.value).toBe(meta.period);
      });

      it('docNumber matches (found when the metadata has one, null otherwise)', () => {
        expect(guess.docNumber.value).toBe(meta.docNumber);
        if (meta.docNumber !== null) {
          expect(guess.docNumber.guessed).toBe(false);
          const line = text.split('\n')[(guess.docNumber.line ?? 0) - 1];
          expect(line.replace(/\s/g, '')).toContain(meta.docNumber);
        }
      });

      it('issuer and issued match what the text states', () => {
        if (meta.issuer !== null && text.includes(meta.issuer)) {
          expect(guess.issuer).toMatchObject({ value: meta.issuer, guessed: false });
        }
        if (meta.issuer === null) expect(guess.issuer).toMatchObject({ value: null, guessed: true });
        expect(guess.issued.value).toBe(meta.issued);
        expect(guess.issued.guessed).toBe(meta.issued === null);
      });

      it('level matches where the title or issuer names the place; region where the title prints it', () => {
        const derivable = placeOf(meta.title) ?? (meta.issuer ? placeOf(meta.issuer) : null);
        if (derivable) expect(guess.level.value).toBe(meta.level);
        if (norm(guess.title.value).includes(meta.region)) expect(guess.region.value).toBe(meta.region);
        expect(guess.level.guessed).toBe(true);
        expect(guess.region.guessed).toBe(true);
      });

      it('the guess is valid metadata with titleEn and sourceType marked guessed', () => {
        const data = Object.fromEntries(Object.entries(guess).map(([k, f]) => [k, f.value]));
        expect(PlanMetaInput.safeParse(data).success).toBe(true);
        expect(guess.titleEn).toMatchObject({ value: TITLE_EN_PLACEHOLDER, guessed: true });
        expect(guess.sourceType).toMatchObject({ value: 'plan', guessed: true });
      });
    });
  }
});

describe('guessMeta rules', () => {
  it('a title split over two lines, with its years on a third', () => {
    const g = guessMeta('\n成都市\n“十四五”科技创新规划\n（2021—2025年）\n\n前言\n正文。\n');
    expect(g.title).toMatchObject({ value: '成都市“十四五”科技创新规划（2021—2025年）', guessed: false, line: 2, toLine: 3 });
    expect(g.period).toMatchObject({ value: '2021–2025', guessed: false });
  });

  it('a bracketed remark, an issuer or a date above the title is not part of it', () => {
    expect(guessMeta('（此件公开发布）\n成都市“十四五”科技创新规划\n').title.value).toBe('成都市“十四五”科技创新规划');
    expect(guessMeta('成都市科学技术局\n成都市“十四五”科技创新规划\n').title.value).toBe('成都市“十四五”科技创新规划');
    expect(guessMeta('2022年4月\n成都市“十四五”科技创新规划\n').title.value).toBe('成都市“十四五”科技创新规划');
  });

  it('a wholly quoted title line loses its 《》; letter spacing and heading marks are dropped', () => {
    expect(guessMeta('《四川省“十四五”科技创新规划》\n正文。').title.value).toBe('四川省“十四五”科技创新规划');
    expect(guessMeta('# 成 都 市 “十四五” 科 技 创 新 规 划\n正文。').title.value).toBe('成都市“十四五”科技创新规划');
    // Quoted inside a line: not stripped.
    expect(guessMeta('《纲要》解读：某某规划\n').title.value).not.toBe('纲要');
  });

  it('a table of contents line, a numbered heading or a sentence is not the title', () => {
    const g = guessMeta('目录\n第一章 总体规划\t6\n一、实施方案\n根据《成都市“十四五”规划》，编制本规划。\n成都市“十四五”人才发展规划\n');
    expect(g.title).toMatchObject({ value: '成都市“十四五”人才发展规划', line: 5 });
  });

  it('without a title line, the plan a line names in 《》, marked guessed', () => {
    const g = guessMeta('解锁成都科技密码\n近日，《成都市“十四五”科技创新规划》正式公布。\n');
    expect(g.title).toMatchObject({ value: '成都市“十四五”科技创新规划', guessed: true, line: 2 });
  });

  it('document numbers in 〔〕, [] and （）, on their own line', () => {
    for (const [printed, value] of [
      ['国发〔2021〕36号', '国发〔2021〕36号'],
      ['  成府发 [2022] 8 号', '成府发[2022]8号'],
      ['川府发（2021）12号', '川府发（2021）12号'],
    ]) {
      const g = guessMeta(`${printed}\n\n四川省“十四五”科技创新规划\n`);
      expect(g.docNumber).toMatchObject({ value, guessed: false, line: 1 });
    }
  });

  it('a document number cited inside a sentence is only a guess, without the words before it', () => {
    const g = guessMeta('成都市“十四五”科技创新规划\n根据国发〔2021〕36号文件精神，制定本规划。\n');
    expect(g.docNumber).toMatchObject({ value: '国发〔2021〕36号', guessed: true, line: 2 });
  });

  it('the notice "X关于印发《Y》的通知": X is the issuer, Y the title', () => {
    const g = guessMeta('国发〔2021〕36号\n\n国务院关于印发《“十四五”国家科技创新规划》的通知\n各省、自治区、直辖市人民政府：\n现印发给你们，请认真贯彻执行。\n');
    expect(g.issuer).toMatchObject({ value: '国务院', guessed: false, line: 3 });
    expect(g.title).toMatchObject({ value: '“十四五”国家科技创新规划', guessed: false });
    expect(g.level.value).toBe('national');
    expect(g.region.value).toBe('全国');
    expect(g.docNumber.value).toBe('国发〔2021〕36号');
  });

  it('a notice split over lines with the issuer on the line above', () => {
    const g = guessMeta('成都市人民政府办公厅\n关于印发《成都市“十四五”\n科技创新规划》的通知\n\n各区（市）县政府：\n现印发给你们。\n');
    expect(g.issuer).toMatchObject({ value: '成都市人民政府办公厅', line: 1 });
    expect(g.title.value).toBe('成都市“十四五”科技创新规划');
  });

  it('issuer and date on a cover, in Chinese numerals', () => {
    const g = guessMeta('武侯区“十四五”科技创新规划\n\n成都市武侯区科学技术局\n二〇二一年十二月三十日\n\n正文。\n');
    expect(g.issuer).toMatchObject({ value: '成都市武侯区科学技术局', guessed: false, line: 3 });
    expect(g.issued).toMatchObject({ value: '2021-12-30', guessed: false, line: 4 });
  });

  it('a signature at the end of a long text', () => {
    const body = Array.from({ length: 60 }, (_, i) => `第${i}段正文，内容。`).join('\n');
    const g = guessMeta(`成都市“十四五”科技创新规划\n${body}\n\n成都市人民政府\n2022年1月5日\n`);
    expect(g.issuer).toMatchObject({ value: '成都市人民政府', guessed: false, line: 63 });
    expect(g.issued).toMatchObject({ value: '2022-01-05', line: 64 });
  });

  it('joint issuers on one line', () => {
    expect(orgOfLine('成都市科学技术局  成都市发展和改革委员会')).toBe('成都市科学技术局、成都市发展和改革委员会');
    expect(orgOfLine('总体格局')).toBeNull();
    expect(orgOfLine('各区（市）县人民政府，市政府各部门：')).toBeNull();
  });

  it('dates on a line of their own', () => {
    expect(dateOfLine('2021年7月26日')).toBe('2021-07-26');
    expect(dateOfLine('2022年4月')).toBe('2022-04');
    expect(dateOfLine('（2022年4月1日）')).toBe('2022-04-01');
    expect(dateOfLine('二〇二二年四月')).toBe('2022-04');
    expect(dateOfLine('2021年13月')).toBeNull();
    expect(dateOfLine('截至2020年底')).toBeNull();
    expect(smallNumber('二十六')).toBe(26);
    expect(smallNumber('十')).toBe(10);
    expect(smallNumber('十二')).toBe(12);
    expect(Number.isNaN(smallNumber('百'))).toBe(true);
  });

  it('periods from the Five-Year Plan named', () => {
    expect(guessMeta('成都市“十三五”科技创新规划\n').period.value).toBe('2016–2020');
    expect(guessMeta('成都市“十四五”科技创新规划\n').period.value).toBe('2021–2025');
    expect(guessMeta('成都市“十五五”科技创新规划\n').period.value).toBe('2026–2030');
    expect(guessMeta('成都市国民经济和社会发展第十四个五年规划纲要\n').period.value).toBe('2021–2025');
    expect(guessMeta('成都市科技创新规划（2021-2025年）\n').period).toMatchObject({ value: '2021–2025', guessed: false });
    // Only the body names one: the latest it mentions, guessed.
    const g = guessMeta('成都市科技创新规划\n“十三五”时期成效显著，“十四五”时期是关键时期。\n');
    expect(g.period).toMatchObject({ value: '2021–2025', guessed: true, line: 2 });
  });

  it('level and region from place names', () => {
    expect(placeOf('四川省“十四五”科技创新规划')).toMatchObject({ level: 'province', region: '四川' });
    expect(placeOf('成都市科学技术局')).toMatchObject({ level: 'city', region: '成都' });
    expect(placeOf('成都市武侯区“十四五”科技创新发展规划')).toMatchObject({ level: 'district', region: '成都' });
    expect(placeOf('武侯区现代都市工业发展“十四五”规划')).toMatchObject({ level: 'district', region: '武侯' });
    expect(placeOf('双流县科技规划')).toMatchObject({ level: 'district', region: '双流' });
    expect(placeOf('重庆高新区“十四五”科技创新发展规划')).toMatchObject({ level: 'high-tech-zone', region: '重庆' });
    expect(placeOf('成都高新技术产业开发区科技规划')).toMatchObject({ level: 'high-tech-zone', region: '成都' });
    expect(placeOf('重庆市科学技术局')).toMatchObject({ level: 'province', region: '重庆' });
    expect(placeOf('国务院')).toMatchObject({ level: 'national', region: '全国' });
    expect(placeOf('中共中央 国务院')).toMatchObject({ level: 'national' });
    expect(placeOf('解读成都市“十四五”科技创新规划')).toMatchObject({ level: 'city', region: '成都' });
    expect(placeOf('北京市西城区科技规划')).toMatchObject({ level: 'district', region: '北京' });
    expect(placeOf('成渝地区双城经济圈建设规划纲要')).toBeNull();
    expect(placeOf('“十四五”科技创新规划')).toBeNull();
  });

  it('nothing found: placeholders the schema accepts, every field marked guessed', () => {
    const g = guessMeta('加快发展的若干举措\n\n推动高质量发展，加快建设。\n');
    expect(g.issuer).toMatchObject({ value: null, guessed: true });
    expect(g.issued).toMatchObject({ value: null, guessed: true });
    expect(g.docNumber).toMatchObject({ value: null, guessed: true });
    expect(g.title).toMatchObject({ value: '加快发展的若干举措', guessed: true });
    expect(g.period).toMatchObject({ value: '2021–2025', guessed: true });
    expect(g.level).toMatchObject({ value: 'city', guessed: true });
    expect(g.region).toMatchObject({ value: REGION_PLACEHOLDER, guessed: true });
    for (const f of Object.values(g)) {
      expect(f.guessed).toBe(true);
      expect(f.evidence).toBeTruthy();
    }
    expect(PlanMetaInput.safeParse(Object.fromEntries(Object.entries(g).map(([k, f]) => [k, f.value]))).success).toBe(true);
  });

  it('the period falls back on the date issued', () => {
    expect(guessMeta('加快发展的若干举措\n成都市人民政府\n2027年3月\n').period).toMatchObject({ value: '2026–2030', guessed: true });
  });
});

describe('scripts/add.ts', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'plan-atlas-add-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let n = 0;
  const freshSeeds = () => join(tmp, `seeds-${++n}`);

  function add(args: string[]) {
    const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', join(ROOT, 'scripts/add.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('copies a text plan and writes metadata that parses and ingests', async () => {
    const seeds = freshSeeds();
    const src = join(tmp, 'Chengdu.TXT');
    copyFileSync(join(SEEDS, 'chengdu-sti.txt'), src);
    const r = add([src, '--slug', 'chengdu-copy', '--seeds', seeds]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(seeds, 'chengdu-copy.txt'))).toEqual(readFileSync(src));
    const yaml = readFileSync(join(seeds, 'chengdu-copy.yaml'), 'utf8');
    const meta = parseMeta(yaml, 'chengdu-copy.yaml');
    expect(meta).toMatchObject({ title: '成都市“十四五”科技创新规划', issuer: '成都市科学技术局', issued: '2022-04', period: '2021–2025', titleEn: TITLE_EN_PLACEHOLDER });
    expect(yaml).toMatch(/^title: .* # from the text, line 3$/m);
    expect(yaml).toMatch(/^issued: "2022-04" # from the text, line 7: “2022年4月”$/m);
    expect(yaml).toMatch(/^level: city # guessed: .* — check$/m);
    expect(yaml).toMatch(/^titleEn: .* # guessed: .* — check$/m);
    expect(yaml).toMatch(/^issuer: .* # from the text, line 5$/m);
    for (const k of ['title', 'titleEn', 'issuer', 'level', 'region', 'period', 'docNumber', 'issued', 'sourceType']) expect(r.stdout).toMatch(new RegExp(`^  ${k} `, 'm'));
    expect(r.stdout).toContain('GUESSED');
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^Check .*chengdu-copy\.yaml, then run npm run build\.$/);
    const corpus = await ingestCorpus(seeds);
    expect(corpus.errors).toEqual([]);
    expect(corpus.plans.map((p) => p.meta.slug)).toEqual(['chengdu-copy']);
  }, 60_000);

  it('reads a DOCX and guesses from its text', async () => {
    const seeds = freshSeeds();
    const src = join(tmp, 'plan.docx');
    const paras = ['渝高新发〔2021〕28号', '重庆高新区管委会', '关于印发《重庆高新区“十四五”科技创新发展规划》的通知', '各有关单位：现印发给你们，请遵照执行。', '重庆高新区管委会', '2021年7月26日', '重庆高新区“十四五”科技创新发展规划', '第一章 基础现状', '正文。'];
    const doc = new Document({ sections: [{ children: paras.map((t) => new Paragraph(t)) }] });
    writeFileSync(src, await Packer.toBuffer(doc));
    const r = add([src, '--slug', 'cq', '--seeds', seeds]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const meta = parseMeta(readFileSync(join(seeds, 'cq.yaml'), 'utf8'), 'cq.yaml');
    expect(meta).toMatchObject({ docNumber: '渝高新发〔2021〕28号', issuer: '重庆高新区管委会', issued: '2021-07-26', level: 'high-tech-zone', region: '重庆', title: '重庆高新区“十四五”科技创新发展规划' });
    expect(existsSync(join(seeds, 'cq.docx'))).toBe(true);
  }, 60_000);

  it('refuses a slug already in use, naming the file; --force replaces it', () => {
    const seeds = freshSeeds();
    const src = join(tmp, 'a.txt');
    writeFileSync(src, '成都市“十四五”科技创新规划\n正文。\n');
    expect(add([src, '--slug', 'dup', '--seeds', seeds]).status).toBe(0);
    const md = join(tmp, 'b.md');
    writeFileSync(md, '# 四川省“十四五”科技创新规划\n正文。\n');
    const r = add([md, '--slug', 'dup', '--seeds', seeds]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/dup\.(txt|yaml) already exists/);
    expect(readdirSync(seeds).sort()).toEqual(['dup.txt', 'dup.yaml']);
    const forced = add([md, '--slug', 'dup', '--seeds', seeds, '--force']);
    expect(forced.status).toBe(0);
    expect(readdirSync(seeds).sort()).toEqual(['dup.md', 'dup.yaml']);
    expect(parseMeta(readFileSync(join(seeds, 'dup.yaml'), 'utf8'), 'dup.yaml')).toMatchObject({ level: 'province', region: '四川' });
  }, 60_000);

  it('refuses a bad slug, a missing slug, an unknown extension and a file the reader rejects', () => {
    const seeds = freshSeeds();
    const ok = join(tmp, 'ok.txt');
    writeFileSync(ok, '成都市“十四五”科技创新规划\n');
    for (const slug of ['Bad_Slug', 'a--b', 'a-', 'é', 'x.y']) {
      const r = add([ok, '--slug', slug, '--seeds', seeds]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(ok);
      expect(r.stderr).toContain('bad slug');
    }
    const missing = add([ok, '--seeds', seeds]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('--slug');

    const rtf = join(tmp, 'plan.rtf');
    writeFileSync(rtf, '{\\rtf1 x}');
    const r1 = add([rtf, '--slug', 'x', '--seeds', seeds]);
    expect(r1.status).not.toBe(0);
    expect(r1.stderr).toContain(rtf);
    expect(r1.stderr).toContain('.txt, .md');

    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    const r2 = add([empty, '--slug', 'empty', '--seeds', seeds]);
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toContain(`${empty}: the file is empty`);

    const fake = join(tmp, 'fake.docx');
    writeFileSync(fake, 'not a zip');
    const r3 = add([fake, '--slug', 'fake', '--seeds', seeds]);
    expect(r3.status).not.toBe(0);
    expect(r3.stderr).toContain(`${fake}: is not a DOCX file`);

    const absent = add([join(tmp, 'absent.txt'), '--slug', 'absent', '--seeds', seeds]);
    expect(absent.status).not.toBe(0);
    expect(absent.stderr).toContain('absent.txt: no such file');
    expect(existsSync(seeds) ? readdirSync(seeds) : []).toEqual([]);
  }, 60_000);
});
