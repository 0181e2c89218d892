import { cycleOf } from '@zibo/domain';
import type { NotificationKind } from '@zibo/domain';

export interface NotificationMail {
  subject: string;
  /** Chinese first, English below. */
  text: string;
}

export interface NotificationMailInput {
  kind: NotificationKind;
  payload: Record<string, unknown>;
  recipientName: string;
}

const SUBJECT_PREFIX = '【督办提醒】';

const FOOTER =
  '此邮件由督办系统自动发送，请勿直接回复；详情请登录系统查看。\n' +
  'This message was sent automatically by the supervision system; please do not reply. Sign in for details.';

function text(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  return typeof value === 'string' ? value : '';
}

/** '2021-04-05' → { zhShort: '4 月 5 日', zh: '2021 年 4 月 5 日', en: '5 April 2021' }. */
function dateWords(date: string): { zhShort: string; zh: string; en: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return { zhShort: date, zh: date, en: date };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const monthName = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return {
    zhShort: `${month} 月 ${day} 日`,
    zh: `${year} 年 ${month} 月 ${day} 日`,
    en: `${day} ${monthName} ${year}`,
  };
}

/** '2021-03' → 月报 / monthly report; '2021-Q1' → 季报 / quarterly report. */
function reportWords(period: string): { zh: string; en: string } {
  let quarterly = false;
  try {
    quarterly = cycleOf(period) === 'quarterly';
  } catch {
    // not a period (older payload): call it a report
    return { zh: `${period} 报告`, en: `report for ${period}` };
  }
  return quarterly
    ? { zh: `${period} 季报`, en: `quarterly report for ${period}` }
    : { zh: `${period} 月报`, en: `monthly report for ${period}` };
}

/** The e-mail for one in-app notification: subject and plain text, in Chinese with English below. */
export function notificationMail({ kind, payload, recipientName }: NotificationMailInput): NotificationMail {
  const title = text(payload, 'title');
  const report = reportWords(text(payload, 'period'));
  let subject: string;
  let zh: string;
  let en: string;
  switch (kind) {
    case 'report_due': {
      const due = dateWords(text(payload, 'dueOn'));
      subject = `${title} ${report.zh}将于 ${due.zhShort}截止`;
      zh = `任务「${title}」的${report.zh}将于 ${due.zh}（当日 24 时前）截止，目前尚未提交。请及时填报，并由部门负责人提交。`;
      en = `The ${report.en} of the task "${title}" is due by the end of ${due.en} and has not been submitted yet. Please draft it and have your department head submit it in time.`;
      break;
    }
    case 'overdue': {
      const due = dateWords(text(payload, 'dueDate'));
      subject = `${title} 已超过完成时限（${due.zh}）`;
      zh = `任务「${title}」的完成时限为 ${due.zh}，现已逾期。请尽快推进，并在进度报告中说明原因和下一步安排。`;
      en = `The task "${title}" was due on ${due.en} and is now overdue. Please move it forward and explain the delay and next steps in your progress report.`;
      break;
    }
    case 'assigned':
      subject = `新交办任务：${title}`;
      zh = `管委会向贵单位交办了任务「${title}」，请登录系统查看任务要求并按期报送进度。`;
      en = `The management committee has assigned the task "${title}" to your department. Please sign in to read it and report progress on time.`;
      break;
    case 'submitted':
      subject = `${title} ${report.zh}待审核`;
      zh = `任务「${title}」的${report.zh}已提交，请审核。`;
      en = `The ${report.en} of the task "${title}" has been submitted for your review.`;
      break;
    case 'returned': {
      const comment = text(payload, 'comment');
      subject = `${title} ${report.zh}被退回`;
      zh = `任务「${title}」的${report.zh}被退回，请修改后重新提交。${comment ? `\n审核意见：${comment}` : ''}`;
      en = `The ${report.en} of the task "${title}" was returned. Please revise and submit it again.${comment ? `\nReviewer's comment: ${comment}` : ''}`;
      break;
    }
    case 'password_reset':
      subject = '您的登录密码已被管理员重置';
      zh =
        '系统管理员重置了您的登录密码。请使用管理员告知的临时密码登录，并在登录时设置新密码。如非您本人申请，请立即联系安全管理员。';
      en =
        'A system administrator has reset your password. Sign in with the temporary password you were given and choose a new one at sign-in. If you did not ask for this, contact the security administrator at once.';
      break;
    case 'approved':
      subject = `${title} ${report.zh}已审核通过`;
      zh = `任务「${title}」的${report.zh}已审核通过。`;
      en = `The ${report.en} of the task "${title}" has been approved.`;
      break;
    case 'draft_ready':
      subject = `${title} ${report.zh}待您提交`;
      zh = `填报员已完成任务「${title}」的${report.zh}草稿并交您提交，请核对后提交审核。`;
      en = `Your staff have finished the draft ${report.en} of the task "${title}" and handed it to you: please check and submit it.`;
      break;
    case 'declined': {
      const reason = text(payload, 'reason');
      subject = `${title} 被牵头单位退办`;
      zh = `任务「${title}」被牵头单位退办，请改派牵头单位或坚持交办。\n退办理由：${reason}`;
      en = `The lead department declined the task "${title}". Please reassign it or insist.\nReason: ${reason}`;
      break;
    }
    case 'insisted': {
      const comment = text(payload, 'comment');
      subject = `${title} 维持交办，请签收`;
      zh = `管委会维持交办任务「${title}」，请及时签收。\n意见：${comment}`;
      en = `The committee keeps the task "${title}" with your department. Please accept it.\nComment: ${comment}`;
      break;
    }
    case 'urged':
    case 'urge_escalated':
    case 'notice':
    case 'red_notice': {
      const due = dateWords(text(payload, 'respondBy'));
      const message = text(payload, 'message');
      const label =
        kind === 'urged'
          ? { zh: '催办', en: 'Urge' }
          : kind === 'urge_escalated'
            ? { zh: '催办逾期未复', en: 'Urge unanswered' }
            : kind === 'notice'
              ? { zh: '督办通知', en: 'Supervision notice' }
              : { zh: '红色督办（挂牌督办）', en: 'Red notice' };
      subject = `${label.zh}：${title}`;
      zh = `${label.zh}：任务「${title}」。请于 ${due.zh} 前答复。\n${message}`;
      en = `${label.en}: the task "${title}". Please answer by ${due.en}.\n${message}`;
      break;
    }
    case 'mentioned': {
      const author = text(payload, 'author');
      const excerpt = text(payload, 'excerpt');
      subject = `${author} 在「${title}」中提到了您`;
      zh = `${author} 在任务「${title}」的评论中提到了您：\n${excerpt}`;
      en = `${author} mentioned you in a comment on the task "${title}":\n${excerpt}`;
      break;
    }
    case 'bulletin_published': {
      const number = text(payload, 'number');
      subject = `督查通报：${title}（${number}）`;
      zh = `管委会督查室发布了督查通报「${title}」（${number}），请登录系统阅读。`;
      en = `The supervision office published the bulletin "${title}" (${number}). Please sign in to read it.`;
      break;
    }
    case 'urge_answered': {
      const response = text(payload, 'response');
      subject = `${title} 催办已答复`;
      zh = `任务「${title}」的催办已答复：\n${response}`;
      en = `The urge on the task "${title}" was answered:\n${response}`;
      break;
    }
    case 'directive': {
      const due = dateWords(text(payload, 'respondBy'));
      const directive = text(payload, 'text');
      subject = `领导批示：${title}`;
      zh = `管委会领导对任务「${title}」作出批示，请于 ${due.zh} 前答复落实情况。\n${directive}`;
      en = `A committee member wrote a directive on the task "${title}". Please answer by ${due.en}.\n${directive}`;
      break;
    }
    case 'directive_answered': {
      const response = text(payload, 'response');
      subject = `${title} 批示已答复`;
      zh = `任务「${title}」的领导批示已答复：\n${response}`;
      en = `The directive on the task "${title}" was answered:\n${response}`;
      break;
    }
    case 'close_requested': {
      const summary = text(payload, 'summary');
      subject = `${title} 申请办结销号`;
      zh = `牵头单位申请任务「${title}」办结销号，请审核。\n办结情况：${summary}`;
      en = `The lead department asks to close out the task "${title}". Please sign it off or reject it.\nSummary: ${summary}`;
      break;
    }
    case 'close_rejected': {
      const reason = text(payload, 'reason');
      subject = `${title} 办结申请被退回`;
      zh = `任务「${title}」的办结销号申请被管委会退回。\n理由：${reason}`;
      en = `The committee rejected the close-out request of the task "${title}".\nReason: ${reason}`;
      break;
    }
    case 'closed_out':
      subject = `${title} 已办结销号`;
      zh = `任务「${title}」已由管委会审核办结销号。`;
      en = `The committee signed off the task "${title}": it is closed out.`;
      break;
  }
  return {
    subject: `${SUBJECT_PREFIX}${subject}`,
    text: `${recipientName}，您好：\n\n${zh}\n\n---\n\nDear ${recipientName},\n\n${en}\n\n--\n${FOOTER}\n`,
  };
}
