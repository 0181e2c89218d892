import { notificationLink, notificationText } from './notification-text';

describe('Notifications in words', () => {
  it('name the task and the period of a returned report', () => {
    expect(
      notificationText(
        { kind: 'returned', payload: { title: '建设创新平台', period: '2026-11', comment: '补充数据' } },
        'zh-CN',
      ),
    ).toEqual({
      key: 'notifications.kinds.returned',
      params: { title: '建设创新平台', period: '2026年11月', respondBy: '', author: '', number: '' },
    });
  });

  it('say when an urge is to be answered', () => {
    expect(
      notificationText({ kind: 'urged', payload: { title: '建设创新平台', respondBy: '2026-10-09' } }, 'zh-CN'),
    ).toEqual({
      key: 'notifications.kinds.urged',
      params: { title: '建设创新平台', period: '', respondBy: '2026-10-09', author: '', number: '' },
    });
  });

  it('say who mentioned the user, and which bulletin was published', () => {
    expect(
      notificationText({ kind: 'mentioned', payload: { title: '建设创新平台', author: '管委会督查室' } }, 'zh-CN')
        .params,
    ).toMatchObject({ title: '建设创新平台', author: '管委会督查室' });
    expect(
      notificationText(
        { kind: 'bulletin_published', payload: { title: '通报', number: '高新督通〔2026〕1号' } },
        'zh-CN',
      ),
    ).toMatchObject({ key: 'notifications.kinds.bulletinPublished', params: { number: '高新督通〔2026〕1号' } });
  });

  it('lead to the report when there is one, else to the task', () => {
    expect(notificationLink({ taskId: 't', reportId: 'r' })).toEqual(['/tasks', 't', 'reports', 'r']);
    expect(notificationLink({ taskId: 't', reportId: null })).toEqual(['/tasks', 't']);
    expect(notificationLink({ taskId: null, reportId: null })).toBeNull();
    expect(notificationLink({ taskId: null, reportId: null, payload: { bulletinId: 'b' } })).toEqual([
      '/bulletins',
      'b',
    ]);
  });
});
