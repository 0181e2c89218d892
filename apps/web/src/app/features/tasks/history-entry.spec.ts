import { NON_CHANGE_ACTIONS } from '@zibo/domain';
import { historyActionLabel, historyDetails } from './history-entry';

describe('History lines', () => {
  it('name known actions in the UI language and show unknown ones as recorded', () => {
    expect(historyActionLabel('report.return')).toEqual({ key: 'history.actions.reportReturn' });
    expect(historyActionLabel('bulletin.publish')).toEqual({ key: 'history.actions.bulletinPublish' });
    expect(historyActionLabel('bulletin.archive')).toEqual({ text: 'bulletin.archive' });
  });

  it('names the security events of the audit log', () => {
    expect(NON_CHANGE_ACTIONS.map((action) => historyActionLabel(action))).toEqual([
      { key: 'history.actions.accessDenied' },
      { key: 'history.actions.attachmentDownload' },
      { key: 'history.actions.ledgerExport' },
      { key: 'history.actions.auditExport' },
      { key: 'history.actions.bulletinExport' },
    ]);
  });

  it("show the committee's comment on a returned report", () => {
    const details = historyDetails({
      action: 'report.return',
      before: { status: 'submitted' },
      after: { status: 'returned', revision: 1, comment: '请补充研发投入数据', score: null },
    });

    expect(details).toEqual([
      { key: 'history.revision', params: { revision: 1 } },
      { key: 'history.comment', params: { comment: '请补充研发投入数据' } },
    ]);
  });

  it('name periods and fields for people when told how', () => {
    const details = historyDetails(
      { action: 'report.update', before: { summary: 'a' }, after: { period: '2026-11', summary: 'b' } },
      { field: (f) => (f === 'summary' ? '工作进展' : f), period: () => '2026年11月' },
    );

    expect(details).toEqual([
      { key: 'history.period', params: { period: '2026年11月' } },
      { key: 'history.changed', params: { fields: 'period, 工作进展' } },
    ]);
  });

  it('show the file of an upload and the fields of an update', () => {
    expect(
      historyDetails({ action: 'attachment.upload', before: null, after: { fileName: '证明.pdf', size: 3 } }),
    ).toEqual([{ key: 'history.file', params: { fileName: '证明.pdf' } }]);
    expect(
      historyDetails({ action: 'task.update', before: { title: 'a' }, after: { title: 'b', description: 'c' } }),
    ).toEqual([{ key: 'history.changed', params: { fields: 'title, description' } }]);
  });
});
