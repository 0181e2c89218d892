import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Role, currentReportingPeriod, previousPeriod } from '@zibo/domain';
import type { AuthUser } from '../../core/access/auth-user';
import { Command } from '../../core/http/command';
import { ProblemException } from '../../core/problems/problem.exception';
import { BulletinsService } from '../bulletins';
import { CommentsService } from '../comments';

interface DemoComment {
  task: string;
  author: string;
  text: string;
  mentions: string[];
}

// A short exchange on the overdue task and one on the twice-returned one, with mentions.
const DEMO_COMMENTS: DemoComment[] = [
  {
    task: '重点城建工程年度建设任务',
    author: 'committee',
    text: '@建设管理局负责人 该任务已超过完成时限，请于本周内报送赶工计划（演示数据）。',
    mentions: ['head.build'],
  },
  {
    task: '重点城建工程年度建设任务',
    author: 'head.build',
    text: '@管委会督查室 已组织施工单位增加作业面，赶工计划本周五前报送（演示数据）。',
    mentions: ['committee'],
  },
  {
    task: '策划实施重大项目 400 个以上',
    author: 'head.econ',
    text: '@经济发展局填报员 请按审核意见补充项目清单和开工佐证（演示数据）。',
    mentions: ['staff.econ'],
  },
];

const NARRATIVE =
  '本月，各牵头单位围绕“抓落实求突破”重点任务扎实推进，多数任务进度符合计划。' +
  '部分任务存在进度滞后、报告未按时报送的问题，请相关单位对照本通报认真整改，按期报送整改情况（演示数据）。';

/**
 * The demo's published bulletin (of the month before the last closed one, so that the committee can
 * still draft the latest month's itself) and a few comments with mentions, through the services so
 * that they are audited and notified like real ones. Once: a second process finds the bulletin.
 */
export async function seedDemoDiscussion(
  app: INestApplicationContext,
  options: { now: Date; timeZone: string; reportDueDay: number },
): Promise<boolean> {
  const dataSource = app.get(DataSource);
  const [counts] = await dataSource.query<{ bulletins: number; comments: number; tasks: number }[]>(
    `SELECT (SELECT count(*) FROM bulletin)::int AS bulletins, (SELECT count(*) FROM task_comment)::int AS comments,
            (SELECT count(*) FROM task)::int AS tasks`,
  );
  if (!counts || counts.bulletins || counts.comments || !counts.tasks) return false;
  const users = new Map(
    (
      await dataSource.query<
        { id: string; username: string; display_name: string; role: Role; department_id: string | null }[]
      >(`SELECT id, username, display_name, role, department_id FROM app_user`)
    ).map((u): [string, AuthUser] => [
      u.username,
      { id: u.id, username: u.username, displayName: u.display_name, role: u.role, departmentId: u.department_id },
    ]),
  );
  const committee = users.get('committee');
  if (!committee) return false;
  const period = previousPeriod(
    previousPeriod(currentReportingPeriod(options.now, 'monthly', options.reportDueDay, options.timeZone)),
  );
  const bulletins = app.get(BulletinsService);
  try {
    const draft = await bulletins.create(new Command(committee, { period }, undefined));
    await bulletins.update(draft.id, new Command(committee, { narrative: NARRATIVE }, `"${draft.version}"`));
    await bulletins.publish(draft.id, new Command(committee, {}, undefined));
  } catch (error) {
    // Another api process seeded it first.
    if (error instanceof ProblemException) return false;
    throw error;
  }
  const comments = app.get(CommentsService);
  const tasks = new Map(
    (await dataSource.query<{ id: string; title: string }[]>(`SELECT id, title FROM task`)).map((t) => [t.title, t.id]),
  );
  for (const c of DEMO_COMMENTS) {
    const taskId = tasks.get(c.task);
    const author = users.get(c.author);
    if (!taskId || !author) continue;
    const mentions = c.mentions.map((u) => users.get(u)?.id).filter((id): id is string => !!id);
    await comments.create({ kind: 'task', id: taskId }, new Command(author, { text: c.text, mentions }, undefined));
  }
  return true;
}
