import { notificationLink, notificationText } from './notification-text';

describe('Notifications in words', () => {
  it('name the task and the period of a returned report', () => {
    expect(
      notificationText(
        { kind: 'returned', payload: { title: '建设创新平台', period: '2026-11', comment: '补充数据' } },
        'zh-CN',
      ),
    ).toEqual({ key: 'notifications.kinds.returned', params: { title: '建设创新平台', period: '2026年11月' } });
  });

  it('lead to the report when there is one, else to the task', () => {
    expect(notificationLink({ taskId: 't', reportId: 'r' })).toEqual(['/tasks', 't', 'reports', 'r']);
    expect(notificationLink({ taskId: 't', reportId: null })).toEqual(['/tasks', 't']);
    expect(notificationLink({ taskId: null, reportId: null })).toBeNull();
  });
});
