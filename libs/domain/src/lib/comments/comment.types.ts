/** A user a comment names; only users who can see the task (or report) can be named. */
export interface MentionView {
  id: string;
  username: string;
  displayName: string;
}

/** A comment on a task or on one of its reports (`reportId` set). */
export interface CommentView {
  id: string;
  taskId: string;
  reportId: string | null;
  text: string;
  authorId: string | null;
  authorName: string | null;
  authorRole: string | null;
  mentions: MentionView[];
  createdAt: string;
}

/** A user the caller may mention on a task or report: `GET …/mentionable-users`. */
export interface MentionableUserView extends MentionView {
  role: string;
  departmentId: string | null;
}
