import { notificationMail } from './notification-mail';

describe('Notification e-mail', () => {
  const recipientName = '经济发展局负责人';

  it.each([
    [
      'report_due',
      { title: '重大项目集中开工', period: '2021-03', dueOn: '2021-04-05' },
      '【督办提醒】重大项目集中开工 2021-03 月报将于 4 月 5 日截止',
      'The monthly report for 2021-03 of the task "重大项目集中开工" is due by the end of 5 April 2021',
    ],
    [
      'report_due',
      { title: '科创平台建设', period: '2021-Q1', dueOn: '2021-04-05' },
      '【督办提醒】科创平台建设 2021-Q1 季报将于 4 月 5 日截止',
      'The quarterly report for 2021-Q1 of the task "科创平台建设"',
    ],
    [
      'overdue',
      { title: '三月底到期的任务', dueDate: '2021-03-31' },
      '【督办提醒】三月底到期的任务 已超过完成时限（2021 年 3 月 31 日）',
      'was due on 31 March 2021 and is now overdue',
    ],
    ['assigned', { title: '招商引资' }, '【督办提醒】新交办任务：招商引资', 'has assigned the task "招商引资"'],
    ['submitted', { title: '招商引资', period: '2021-04' }, '【督办提醒】招商引资 2021-04 月报待审核', 'submitted'],
    [
      'returned',
      { title: '招商引资', period: '2021-04', comment: '请补充清单' },
      '【督办提醒】招商引资 2021-04 月报被退回',
      "Reviewer's comment: 请补充清单",
    ],
    ['approved', { title: '招商引资', period: '2021-04' }, '【督办提醒】招商引资 2021-04 月报已审核通过', 'approved'],
  ] as const)('%s %j', (kind, payload, subject, english) => {
    const mail = notificationMail({ kind, payload, recipientName });
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(english);
    // Chinese first, English below.
    expect(mail.text.indexOf(`${recipientName}，您好`)).toBe(0);
    expect(mail.text.indexOf('Dear ')).toBeGreaterThan(mail.text.indexOf('任务'));
  });

  it('tells of a password reset and whom to call if the user did not ask for it', () => {
    const mail = notificationMail({ kind: 'password_reset', payload: {}, recipientName });
    expect(mail.subject).toBe('【督办提醒】您的登录密码已被管理员重置');
    expect(mail.text).toContain('如非您本人申请，请立即联系安全管理员');
    expect(mail.text).toContain('A system administrator has reset your password');
  });

  it('does not fail on a payload without the expected fields', () => {
    expect(notificationMail({ kind: 'report_due', payload: {}, recipientName }).subject).toContain('【督办提醒】');
  });
});
