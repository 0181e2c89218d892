import { type ApiInstance, TestWorld, signIn } from '../../../test/test-app';

interface Area {
  code: string;
  name: string;
  nameEn: string;
  target: string;
  workItems: { code: string; name: string; nameEn: string }[];
}

describe('Focus areas of the 2021 work plan', () => {
  let world: TestWorld;
  let api: ApiInstance;
  let areas: Area[];

  beforeAll(async () => {
    world = await TestWorld.create();
    api = await world.api();
    const token = await signIn(api, 'staff.party');
    areas = (await api.request<Area[]>('GET', '/api/focus-areas', { token })).body;
  });
  afterAll(() => world.close());

  it('has the eight areas in plan order with 3, 3, 5, 3, 4, 4, 4, 4 work items (30 in all)', () => {
    expect(areas.map((a) => a.code)).toEqual(['FA1', 'FA2', 'FA3', 'FA4', 'FA5', 'FA6', 'FA7', 'FA8']);
    expect(areas.map((a) => a.workItems.length)).toEqual([3, 3, 5, 3, 4, 4, 4, 4]);
    expect(areas[2]?.workItems.map((w) => w.code)).toEqual(['FA3.1', 'FA3.2', 'FA3.3', 'FA3.4', 'FA3.5']);
  });

  it('keeps the Chinese text verbatim, including the document’s quotation marks', () => {
    expect(areas[0]).toMatchObject({ name: '聚焦创新驱动', target: '推进自主创新示范区建设' });
    expect(areas[2]?.name).toBe('聚力提升城市品质');
    const items = new Map(areas.flatMap((a) => a.workItems.map((w) => [w.code, w.name] as const)));
    expect(items.get('FA1.1')).toBe('加快建设高能级发展平台');
    expect(items.get('FA2.3')).toBe('聚力抓好\u201c双招双引\u201d');
    expect(items.get('FA5.1')).toBe('纵深推进\u201c管委会+\u201d体制机制改革');
    expect(items.get('FA8.4')).toBe('深入推进党风廉政建设和反腐败斗争');
  });

  it('gives every area and work item an English rendering', () => {
    for (const area of areas) {
      expect(area.nameEn).toMatch(/^[A-Z][\x20-\x7e]+$/);
      for (const item of area.workItems) expect(item.nameEn).toMatch(/^[A-Z][\x20-\x7e]+$/);
    }
  });
});
