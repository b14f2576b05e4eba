/**
 * Citation formats against hand-written expected strings, for a plan with issuer and date
 * (chengdu-sti) and one whose text names neither (wuhou-sti). The inputs come from the real
 * models; the expected strings were written by hand from GB/T 7714-2015 and APA 7.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apa, gbt7714, today, type CiteSource } from '../../src/cite/citation.ts';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { ancestry, headingText } from '../../src/ingest/passages.ts';
import { ROOT } from '../../src/ingest/paths.ts';

const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
function source(slug: string, passage: string, section: string): CiteSource {
  const plan = plans.find((p) => p.meta.slug === slug)!;
  return {
    title: plan.meta.title,
    titleEn: plan.meta.titleEn,
    issuer: plan.meta.issuer,
    issued: plan.meta.issued,
    docNumber: plan.meta.docNumber,
    section: ancestry(plan.outline, section).map(headingText),
    url: `https://example.org/plans/${slug}/#${passage}`,
    accessed: '2026-11-22',
  };
}

describe('citations', () => {
  const chengdu = source('chengdu-sti', 's3-3-p1', 's3-3');
  const wuhou = source('wuhou-sti', 's6-1-1-p1', 's6-1-1');

  it('GB/T 7714-2015', () => {
    expect(gbt7714(chengdu)).toBe(
      '成都市科学技术局. 成都市“十四五”科技创新规划: 第三章 构筑科技创新中心策源承载地, 三、高起点建设天府实验室[EB/OL]. (2022-04)[2026-11-22]. https://example.org/plans/chengdu-sti/#s3-3-p1.',
    );
    expect(gbt7714(wuhou)).toBe(
      '成都市武侯区“十四五”科技创新发展规划: 六、五大支撑工程, （一）高层次创新人才集聚赋智工程, 1.大力引进高层次人才[EB/OL]. [2026-11-22]. https://example.org/plans/wuhou-sti/#s6-1-1-p1.',
    );
  });

  it('APA 7', () => {
    expect(apa(chengdu)).toBe(
      '成都市科学技术局. (2022, April). 成都市“十四五”科技创新规划 [Chengdu 14th Five-Year Plan for Science, Technology and Innovation]: 第三章 构筑科技创新中心策源承载地, 三、高起点建设天府实验室. Plan Atlas. Retrieved November 22, 2026, from https://example.org/plans/chengdu-sti/#s3-3-p1',
    );
    expect(apa(wuhou)).toBe(
      '成都市武侯区“十四五”科技创新发展规划 [Wuhou District (Chengdu) 14th Five-Year Plan for Science, Technology and Innovation]: 六、五大支撑工程, （一）高层次创新人才集聚赋智工程, 1.大力引进高层次人才. (n.d.). Plan Atlas. Retrieved November 22, 2026, from https://example.org/plans/wuhou-sti/#s6-1-1-p1',
    );
  });

  it('a full date and a document number', () => {
    const c: CiteSource = { ...chengdu, issued: '2021-09-30', docNumber: '成府发〔2021〕1号', section: [] };
    expect(gbt7714(c)).toBe('成都市科学技术局. 成都市“十四五”科技创新规划: 成府发〔2021〕1号[EB/OL]. (2021-09-30)[2026-11-22]. https://example.org/plans/chengdu-sti/#s3-3-p1.');
    expect(apa(c)).toBe(
      '成都市科学技术局. (2021, September 30). 成都市“十四五”科技创新规划 [Chengdu 14th Five-Year Plan for Science, Technology and Innovation] (成府发〔2021〕1号). Plan Atlas. Retrieved November 22, 2026, from https://example.org/plans/chengdu-sti/#s3-3-p1',
    );
  });

  it('access date in China time', () => {
    expect(today('Asia/Shanghai', new Date('2026-11-21T17:30:00Z'))).toBe('2026-11-22');
  });
});
