import type { IndicatorDirection, IndicatorUnit } from '@zibo/domain';

/**
 * Words for the large sample data set (npm run seed:scale): departments, tasks, indicators and
 * report texts in the manner of the zone's 2021 work plan. Illustrative, like the demo data.
 */

/** Departments beyond the eight demo ones (docs/rules.md), with their lowercase codes. */
export const EXTRA_DEPARTMENTS: readonly { code: string; name: string; nameEn: string }[] = [
  { code: 'finance', name: '财政金融局', nameEn: 'Finance Bureau' },
  { code: 'land', name: '自然资源局', nameEn: 'Natural Resources Bureau' },
  { code: 'ecology', name: '生态环境分局', nameEn: 'Ecology and Environment Branch' },
  { code: 'safety', name: '应急管理局', nameEn: 'Emergency Management Bureau' },
  { code: 'market', name: '市场监督管理局', nameEn: 'Market Regulation Bureau' },
  { code: 'police', name: '公安分局', nameEn: 'Public Security Branch' },
  { code: 'stats', name: '统计局', nameEn: 'Statistics Bureau' },
  { code: 'hr', name: '人力资源和社会保障局', nameEn: 'Human Resources and Social Security Bureau' },
  { code: 'edu', name: '教育体育局', nameEn: 'Education and Sports Bureau' },
  { code: 'health', name: '卫生健康局', nameEn: 'Health Bureau' },
  { code: 'culture', name: '文化和旅游局', nameEn: 'Culture and Tourism Bureau' },
  { code: 'urban', name: '城市管理局', nameEn: 'Urban Management Bureau' },
  { code: 'housing', name: '住房保障中心', nameEn: 'Housing Security Centre' },
  { code: 'transport', name: '交通运输局', nameEn: 'Transport Bureau' },
  { code: 'agri', name: '农业农村局', nameEn: 'Agriculture and Rural Affairs Bureau' },
  { code: 'water', name: '水利局', nameEn: 'Water Resources Bureau' },
  { code: 'civil', name: '民政局', nameEn: 'Civil Affairs Bureau' },
  { code: 'veterans', name: '退役军人事务局', nameEn: 'Veterans Affairs Bureau' },
  { code: 'petition', name: '信访局', nameEn: 'Letters and Visits Bureau' },
  { code: 'archives', name: '档案馆', nameEn: 'Archives' },
  { code: 'media', name: '融媒体中心', nameEn: 'Media Centre' },
  { code: 'talent', name: '人才发展服务中心', nameEn: 'Talent Development Centre' },
  { code: 'legal', name: '司法所', nameEn: 'Judicial Office' },
  { code: 'energy', name: '能源发展中心', nameEn: 'Energy Development Centre' },
  { code: 'tax', name: '税务分局', nameEn: 'Taxation Branch' },
  { code: 'pharma', name: '医药产业园管理办公室', nameEn: 'Pharmaceutical Park Office' },
  { code: 'newmat', name: '新材料产业园管理办公室', nameEn: 'New Materials Park Office' },
  { code: 'equip', name: '智能装备产业园管理办公室', nameEn: 'Smart Equipment Park Office' },
  { code: 'eit', name: '电子信息产业园管理办公室', nameEn: 'Electronic Information Park Office' },
  { code: 'hatch', name: '创业孵化中心', nameEn: 'Incubation Centre' },
  { code: 'port', name: '内陆港建设指挥部', nameEn: 'Inland Port Construction Office' },
  { code: 'sibaoshan', name: '四宝山街道办事处', nameEn: 'Sibaoshan Subdistrict' },
  { code: 'shiqiao', name: '石桥街道办事处', nameEn: 'Shiqiao Subdistrict' },
  { code: 'weigu', name: '卫固街道办事处', nameEn: 'Weigu Subdistrict' },
  { code: 'baoshan', name: '宝山街道办事处', nameEn: 'Baoshan Subdistrict' },
  { code: 'zhongbu', name: '中埠镇人民政府', nameEn: 'Zhongbu Town' },
  { code: 'nanding', name: '南定镇人民政府', nameEn: 'Nanding Town' },
  { code: 'office', name: '党政办公室', nameEn: 'General Office' },
  { code: 'org', name: '组织人事部', nameEn: 'Organisation and Personnel Department' },
  { code: 'propaganda', name: '宣传统战部', nameEn: 'Publicity and United Front Department' },
  { code: 'discipline', name: '纪检监察工委', nameEn: 'Discipline Inspection Commission' },
  { code: 'reform', name: '改革发展研究室', nameEn: 'Reform Research Office' },
  { code: 'bigdata', name: '大数据中心', nameEn: 'Big Data Centre' },
  { code: 'credit', name: '社会信用中心', nameEn: 'Social Credit Centre' },
  { code: 'fire', name: '消防救援大队', nameEn: 'Fire and Rescue Brigade' },
  { code: 'greening', name: '园林绿化中心', nameEn: 'Landscaping Centre' },
  { code: 'sanitation', name: '环卫中心', nameEn: 'Sanitation Centre' },
  { code: 'cityinv', name: '城市建设投资公司', nameEn: 'Urban Construction Investment Company' },
  { code: 'industinv', name: '产业投资集团', nameEn: 'Industrial Investment Group' },
  { code: 'expo', name: '会展服务中心', nameEn: 'Exhibition Service Centre' },
  { code: 'science', name: '科学城建设办公室', nameEn: 'Science City Office' },
  { code: 'university', name: '大学科技园', nameEn: 'University Science Park' },
];

/** Task titles by focus area (FA1 … FA8): what a work item is broken down into. */
export const TASK_STEMS: Readonly<Record<string, readonly string[]>> = {
  FA1: [
    '推进国家级科技企业孵化器提质扩容',
    '建设省级新型研发机构',
    '培育高新技术企业',
    '推动规上工业企业研发机构全覆盖',
    '建设科技成果转化中试基地',
    '引进高层次创新创业团队',
    '打造新材料创新型产业集群',
    '提升科技金融服务能力',
  ],
  FA2: [
    '规模以上工业增加值稳定增长',
    '实施重大项目建设',
    '推进“双招双引”项目落地',
    '培育智能装备产业集群',
    '推动传统产业数字化改造',
    '建设医药健康产业园',
    '推进电子信息产业链招商',
    '实施“亩产效益”评价改革',
  ],
  FA3: [
    '推进重点城建工程建设',
    '实施老旧小区改造',
    '建设智慧城市运营中心',
    '推进道路管网提升工程',
    '打造精品街区',
    '实施城市更新片区改造',
    '建设城市公园绿地',
    '推进城市精细化管理',
  ],
  FA4: [
    '综合保税区进出口总额增长',
    '淄博内陆港多式联运班列常态化运行',
    '建设国际合作产业园',
    '培育跨境电商主体',
    '扩大利用外资规模',
    '举办国际招商推介活动',
  ],
  FA5: [
    '深化“管委会+公司”体制机制改革',
    '推进“放管服”改革事项清单动态调整',
    '推动园区市场化运营',
    '处置批而未供和闲置土地',
    '推进国有企业改革',
    '深化财政预算绩效管理',
  ],
  FA6: [
    '政务服务“一次办好”事项全覆盖',
    '推进“一网通办”',
    '开展法治政府建设示范创建',
    '实施大气污染防治攻坚',
    '推进河湖长制落实',
    '优化企业开办和项目审批流程',
    '建设人居环境示范村居',
  ],
  FA7: [
    '新建改扩建中小学和幼儿园',
    '开展安全生产专项整治三年行动',
    '推进就业创业工作',
    '建设社区养老服务设施',
    '提升基层医疗服务能力',
    '推进社会治理网格化',
    '做好困难群众兜底保障',
  ],
  FA8: [
    '开展党史学习教育',
    '落实党风廉政建设责任制',
    '推进基层党组织标准化规范化建设',
    '加强干部队伍建设',
    '开展作风建设专项行动',
    '落实意识形态工作责任制',
  ],
};

/** Qualifiers that make the titles of similar tasks tell apart. */
export const TITLE_QUALIFIERS: readonly string[] = [
  '',
  '（一期）',
  '（二期）',
  '（三期）',
  '（年度任务）',
  '（攻坚行动）',
  '（专项督办）',
  '（重点片区）',
  '（示范工程）',
  '（提质增效）',
];

export interface IndicatorTemplate {
  name: string;
  unit: IndicatorUnit;
  baseline: number;
  target: number;
  direction: IndicatorDirection;
}

export const INDICATOR_TEMPLATES: readonly IndicatorTemplate[] = [
  { name: '新增省级以上创新平台', unit: '家', baseline: 12, target: 20, direction: 'up' },
  { name: '高新技术企业数量', unit: '家', baseline: 265, target: 320, direction: 'up' },
  { name: '规模以上工业增加值增长', unit: '%', baseline: 8.5, target: 12, direction: 'up' },
  { name: '完成固定资产投资', unit: '亿元', baseline: 120, target: 180, direction: 'up' },
  { name: '到位省外资金', unit: '亿元', baseline: 131, target: 150, direction: 'up' },
  { name: '新开工项目', unit: '个', baseline: 20, target: 60, direction: 'up' },
  { name: '引进高层次人才', unit: '人', baseline: 40, target: 120, direction: 'up' },
  { name: '改造老旧小区面积', unit: '平方米', baseline: 0, target: 350000, direction: 'up' },
  { name: '新建改造道路', unit: '公里', baseline: 0, target: 26, direction: 'up' },
  { name: '处置批而未供土地', unit: '亩', baseline: 0, target: 1200, direction: 'up' },
  { name: '一次办好事项占比', unit: '%', baseline: 85, target: 100, direction: 'up' },
  { name: '进出口总额增长', unit: '%', baseline: 10, target: 15, direction: 'up' },
  { name: '万元GDP能耗', unit: '吨', baseline: 0.52, target: 0.45, direction: 'down' },
  { name: '营商环境评价全市排名', unit: '名次', baseline: 6, target: 2, direction: 'down' },
  { name: '新增就业', unit: '人', baseline: 0, target: 8000, direction: 'up' },
  { name: '开展专项检查', unit: '次', baseline: 0, target: 48, direction: 'up' },
  { name: '完成整改事项', unit: '项', baseline: 0, target: 36, direction: 'up' },
];

export const MILESTONE_TITLES: readonly string[] = [
  '完成项目立项和方案编制',
  '完成用地预审和规划许可',
  '项目集中开工',
  '主体工程完工',
  '完成系统联调',
  '通过中期评估',
  '完成竣工验收',
  '完成年度目标考核',
];

export const SUMMARIES: readonly string[] = [
  '按计划推进，阶段目标完成',
  '完成年度计划相应进度，重点环节取得突破',
  '召开专题推进会，协调解决难点问题',
  '项目手续办理完毕，进入实施阶段',
  '组织现场观摩，推动各项任务落实',
  '对照任务清单逐项推进，进度符合预期',
  '完成阶段性验收，形成工作台账',
  '加强部门协同，推进速度加快',
];

export const PROBLEMS: readonly string[] = [
  '',
  '',
  '项目用地指标紧张',
  '资金拨付进度偏慢',
  '部分企业配合度不高',
  '审批环节较多，周期较长',
  '施工受天气影响',
  '专业人才不足',
];

export const NEXT_STEPS: readonly string[] = [
  '下阶段继续推进',
  '加快推进后续工程',
  '做好迎检准备',
  '协调解决用地和资金问题',
  '强化调度，确保按期完成',
];

export const RETURN_COMMENTS: readonly string[] = [
  '请补充项目清单和投资完成数据',
  '进度描述不够具体，请补充佐证材料',
  '指标实际值与台账不一致，请核实',
  '存在问题和下步打算需细化',
];

export const CANCEL_REASONS: readonly string[] = [
  '上级政策调整，任务不再实施',
  '任务已并入其他重点工作统筹推进',
  '项目主体变更，重新立项',
];

export const AMENDMENT_REASONS: readonly string[] = [
  '受用地审批影响，申请调整完成时限',
  '上级部署调整，任务节点相应顺延',
  '项目规模扩大，需延长建设周期',
];
