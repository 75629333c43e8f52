import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LibrarySnapshot, Plan, PlanBlock } from '../../shared/domain';
import { PlanProblemSchema, checkPlan } from '../../shared/plan-check';
import { enUS } from '../../renderer/i18n/en-US';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { planProblemText } from '../../renderer/studio/live/plan-problem-text';

const block = (id: string, start: string, end: string, playlistId: string): PlanBlock => ({ id, start, end, playlistId, startMode: 'soft' });
const emptyDays = (): Plan['days'] => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

const library: LibrarySnapshot = {
  products: [
    { id: 'pan', name: '不粘锅', price: 99, originalPrice: null, currency: 'CNY', sellingPoints: [], stock: null, link: null, image: null, tags: [] },
    { id: 'mug', name: 'Mug', price: 9, originalPrice: null, currency: 'CNY', sellingPoints: [], stock: null, link: null, image: null, tags: [] },
  ],
  scripts: [
    { id: 's1', title: '锅的讲解', kind: 'sales', productId: 'pan', body: 'Only {{price}} today. Was {{originalPrice}}.', tags: [] },
    { id: 's2', title: 'Hello', kind: 'idle', productId: null, body: 'Hello there.', tags: ['idle'] },
    { id: 's3', title: 'Silent', kind: 'idle', productId: null, body: '[wave] [pause 800]', tags: [] },
  ],
  playlists: [
    {
      id: 'day',
      name: '白天轮播',
      items: [
        { type: 'script', scriptId: 's1' },
        { type: 'script', scriptId: 'gone-script' },
        { type: 'product', productId: 'mug' },
        { type: 'tag', tag: 'nobody' },
        { type: 'script', scriptId: 's3' },
      ],
      loop: true,
      shuffle: false,
      rules: [{ id: 'r1', kind: 'interval', minMinutes: 20, maxMinutes: 10, source: { scriptId: 's2' } }],
    },
    { id: 'night', name: 'Night', items: [], loop: true, shuffle: false },
  ],
  plan: null,
  plans: [],
  settings: {} as LibrarySnapshot['settings'],
} as unknown as LibrarySnapshot; // only the parts checkPlan and the studio text read

const plan: Plan = {
  id: 'main',
  name: 'Main',
  timeZone: 'Asia/Shanghai',
  days: { ...emptyDays(), mon: [block('x', '08:00', '12:00', 'day'), block('y', '10:00', '13:00', 'night')], tue: [block('t', '00:00', '24:00', 'deleted')] },
  overrides: [{ date: '2026-11-11', blocks: [block('promo', '00:00', '24:00', 'also-deleted')] }],
};

describe('plan problems: stable codes and structured params', () => {
  const problems = checkPlan(plan, library);
  const find = (code: string) => problems.filter((p) => p.code === code);

  it('gives every problem a code from the schema, English where/detail for the CLI, and params', () => {
    expect(problems.length).toBeGreaterThanOrEqual(8);
    for (const p of problems) {
      expect(PlanProblemSchema.parse(p)).toEqual(p);
      expect(p.params).toBeDefined();
      expect(/[\u4e00-\u9fff]/.test(p.detail.replace(/"[^"]*"/g, ''))).toBe(false);
    }
  });

  it('names the day, block, playlist, item, script and field of each problem', () => {
    expect(find('overlap')[0]!.params).toEqual({ weekday: 'mon', blockId: 'x', otherBlockId: 'y', winnerBlockId: 'y', range: '10:00–12:00' });
    expect(find('missing-variable')[0]!.params).toMatchObject({
      weekday: 'mon',
      blockId: 'x',
      blockRange: '08:00–12:00',
      playlistId: 'day',
      playlistName: '白天轮播',
      item: 1,
      scriptId: 's1',
      scriptTitle: '锅的讲解',
      productId: 'pan',
      productName: '不粘锅',
      field: 'originalPrice',
    });
    expect(find('missing-script')[0]!.params).toMatchObject({ playlistId: 'day', item: 2, scriptId: 'gone-script' });
    expect(find('product-without-scripts')[0]!.params).toMatchObject({ item: 3, productId: 'mug', productName: 'Mug' });
    expect(find('empty-tag')[0]!.params).toMatchObject({ item: 4, tag: 'nobody' });
    expect(find('no-speakable-line')[0]!.params).toMatchObject({ item: 5, scriptId: 's3' });
    expect(find('bad-interval')[0]!.params).toMatchObject({ playlistId: 'day', ruleId: 'r1', field: 'maxMinutes' });
    expect(find('empty-playlist')[0]!.params).toMatchObject({ weekday: 'mon', blockId: 'y', playlistId: 'night', playlistName: 'Night' });
    const missing = find('missing-playlist').map((p) => p.params);
    expect(missing).toContainEqual({ weekday: 'tue', blockId: 't', blockRange: '00:00–24:00', playlistId: 'deleted' });
    expect(missing).toContainEqual({ date: '2026-11-11', blockId: 'promo', blockRange: '00:00–24:00', playlistId: 'also-deleted' });
  });

  it('keeps the English where and detail the CLI prints', () => {
    expect(find('missing-variable')[0]).toMatchObject({ where: 'plan main › mon › block x › playlist day › item 1 › script s1', detail: expect.stringMatching(/originalPrice.*pan/) });
    expect(find('bad-time-zone')).toEqual([]);
    expect(checkPlan({ ...plan, timeZone: 'Mars/Olympus' }, library)[0]).toMatchObject({ code: 'bad-time-zone', params: { timeZone: 'Mars/Olympus' } });
    expect(checkPlan(null, library)).toEqual([{ code: 'no-plan', where: 'store', detail: 'the store has no plan', params: {} }]);
  });
});

describe('plan problems in the merchant language', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } }, interpolation: { escapeValue: false } });
  });
  const problems = checkPlan(plan, library);
  const text = (code: string, lng: string) => planProblemText(problems.find((p) => p.code === code)!, i18next.getFixedT(lng), library, plan);

  it('says where and what in Chinese, with names instead of ids', () => {
    const mv = text('missing-variable', 'zh-CN');
    expect(mv.label).toBe('变量没有值');
    expect(mv.where).toBe('周一 › 时段 08:00–12:00 › 播放列表“白天轮播” › 第 1 项 › 话术“锅的讲解”');
    expect(mv.what).toContain('{{originalPrice}}');
    expect(mv.what).toContain('商品“不粘锅”');
    const overlap = text('overlap', 'zh-CN');
    expect(overlap.where).toBe('周一 › 10:00–12:00');
    expect(overlap.what).toContain('时段“白天轮播 08:00–12:00”');
    expect(overlap.what).toContain('时段“Night 10:00–13:00”');
    const gone = planProblemText(problems.find((p) => p.code === 'missing-playlist' && p.params?.date)!, i18next.getFixedT('zh-CN'), library, plan);
    expect(gone.where).toBe('2026-11-11 › 时段 00:00–24:00');
    expect(text('product-without-scripts', 'zh-CN').what).toContain('商品“Mug”还没有话术');
  });

  it('says the same in English without Chinese words of its own', () => {
    for (const p of problems) {
      const en = planProblemText(p, i18next.getFixedT('en-US'), library, plan);
      const own = `${en.label} ${en.where} ${en.what}`.replace(/"[^"]*"/g, '');
      expect(/[\u4e00-\u9fff]/.test(own), `${p.code}: ${own}`).toBe(false);
      expect(en.what).not.toMatch(/liveDesk\.|\{\{(?!originalPrice)/);
    }
    expect(text('bad-interval', 'en-US').where).toBe('Mon › block 08:00–12:00 › playlist "白天轮播" › rule r1');
  });
});
