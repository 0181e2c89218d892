import {
  REPORTING_CYCLE_LABELS,
  TASK_IMPORT_COLUMNS,
  TASK_IMPORT_LIMITS,
  TASK_IMPORT_SHEET,
  type TaskImportColumnKey,
  type TaskImportReference,
  workItemLabel,
} from '@zibo/domain';

const LISTS_SHEET = '选项';

/**
 * The import template: sheet 任务 with the headers and drop-down lists (the 30 work items, the
 * active departments, the reporting cycles) on its first 2,000 data rows, sheet 填写说明 with the
 * rules of each column, and the lists themselves on a hidden sheet 选项.
 */
export async function taskImportTemplate(reference: TaskImportReference): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'zibo-supervision';

  const sheet = workbook.addWorksheet(TASK_IMPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TASK_IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  TASK_IMPORT_COLUMNS.forEach((c, index) => {
    const cell = sheet.getRow(1).getCell(index + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.note = c.required ? '必填' : '选填';
  });
  // Dates as text, so that what is typed stays what is read.
  for (const key of ['startDate', 'dueDate'] as const) sheet.getColumn(key).numFmt = '@';

  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  lists.columns = [
    { header: '工作事项', key: 'workItem', width: 40 },
    { header: '部门', key: 'department', width: 30 },
    { header: '报送周期', key: 'cycle', width: 10 },
  ];
  const workItems = reference.workItems.map(workItemLabel);
  const departments = reference.departments.map((d) => d.name);
  const cycles = Object.values(REPORTING_CYCLE_LABELS);
  for (let i = 0; i < Math.max(workItems.length, departments.length, cycles.length); i++) {
    lists.addRow({ workItem: workItems[i] ?? null, department: departments[i] ?? null, cycle: cycles[i] ?? null });
  }
  const range = (column: string, count: number) => `${LISTS_SHEET}!$${column}$2:$${column}$${Math.max(count, 1) + 1}`;
  const dropDowns: Partial<Record<TaskImportColumnKey, string>> = {
    workItem: range('A', workItems.length),
    leadDepartment: range('B', departments.length),
    reportingCycle: range('C', cycles.length),
  };
  for (const [key, formula] of Object.entries(dropDowns)) {
    const column = sheet.getColumn(key).number;
    for (let row = 2; row <= TASK_IMPORT_LIMITS.maxRows + 1; row++) {
      sheet.getCell(row, column).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorTitle: '请从列表中选择',
        error: '请从下拉列表中选择一项',
      };
    }
  }

  const about = workbook.addWorksheet('填写说明');
  about.columns = [
    { header: '列', key: 'column', width: 14 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'rule', width: 90 },
  ];
  about.getRow(1).font = { bold: true };
  const rules: Record<TaskImportColumnKey, string> = {
    workItem: '从下拉列表选择 30 项重点工作之一（如“FA1.1 …”）；也可只填编号。',
    title: '任务名称，最多 200 字。',
    description: '任务的具体内容，最多 5000 字。',
    leadDepartment: '从下拉列表选择一个部门（停用的部门不可选）。',
    coDepartments: `配合单位的部门名称，多个用顿号“、”或逗号分隔，最多 20 个；不能包含牵头单位。可选部门：${departments.join('、')}。`,
    startDate: '格式 2026-01-31（也接受 2026/1/31、2026年1月31日）；可不填。',
    dueDate: '格式同上；不能早于开始日期。',
    reportingCycle: `${cycles.join(' 或 ')}；不填为月报。`,
  };
  for (const c of TASK_IMPORT_COLUMNS) {
    about.addRow({ column: c.header, required: c.required ? '必填' : '选填', rule: rules[c.key] });
  }
  about.addRow({});
  for (const line of [
    `每个文件最多 ${TASK_IMPORT_LIMITS.maxRows} 行任务，文件不超过 ${TASK_IMPORT_LIMITS.maxBytes / 1024 / 1024} MB；空行会被跳过。`,
    '请只填写数值，不要使用公式（含公式的文件会被拒绝）。',
    '上传后先预览：每一行的错误都会列出；全部正确后确认导入，任务以草稿创建，全部成功或全部不创建。',
    '第 1 行的列名不要修改；列的顺序可以调整，多余的列会被忽略。',
  ]) {
    about.addRow({ column: '说明', rule: line });
  }
  about.getColumn('rule').alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
