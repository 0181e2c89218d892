// The comments feature's public face: the panel the task and report pages show.
export { CommentsPanel } from './comments-panel';
export { type CommentTarget, CommentsService } from './comments.service';
