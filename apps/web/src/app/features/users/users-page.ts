import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';
import type { DepartmentView, UserView } from '@zibo/domain';
import { type Subscription, debounceTime, distinctUntilChanged, map } from 'rxjs';
import { isApiError } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { Notifier } from '../../core/feedback/notifier.service';
import { formDialogConfig } from '../../core/forms/dialog-config';
import { FormDraftStore } from '../../core/forms/form-draft-store';
import { LanguageService } from '../../core/i18n/language.service';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { AdminListState } from '../../shared/admin-list-state';
import { departmentLabel, DepartmentsService } from '../departments';
import { PasswordDialog, type PasswordDialogData } from './password-dialog';
import { USER_CREATE_DRAFT, UserDialog, type UserDialogData, userEditDraft } from './user-dialog';
import { type UserActions, hasAnyAction, userActions } from './user-actions';
import { UsersService } from './users.service';

@Component({
  selector: 'app-users-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatTableModule,
    MatTooltipModule,
    TranslocoPipe,
    AdminListState,
  ],
  templateUrl: './users-page.html',
  styleUrl: '../../shared/admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly usersApi = inject(UsersService);
  private readonly departmentsApi = inject(DepartmentsService);
  private readonly dialog = inject(MatDialog);
  private readonly drafts = inject(FormDraftStore);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);
  private request: Subscription | null = null;

  private readonly auth = inject(AuthService);
  protected readonly me = this.auth.me;
  protected readonly canCreate = computed(() => this.auth.can('users:create'));
  protected readonly columns = ['username', 'displayName', 'role', 'department', 'status', 'actions'];
  /** Rows keep their element (and an open menu) when a reload returns the same users. */
  protected readonly byId = (_: number, user: { id: string }): string => user.id;

  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly users = signal<UserView[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly departments = signal<DepartmentView[]>([]);
  /** Rows with an unsaved edit waiting in a draft. */
  protected readonly withDraft = signal<ReadonlySet<string>>(new Set());
  /** Per user, what the signed-in administrator may do to them: the menu offers exactly that. */
  protected readonly actions = computed(() => {
    const me = this.me();
    return new Map(
      this.users().map((user): [string, UserActions | null] => {
        const actions = me ? userActions(me, user) : null;
        return [user.id, actions && hasAnyAction(actions) ? actions : null];
      }),
    );
  });
  protected readonly departmentNames = computed(() => {
    const language = this.language.current();
    return new Map(this.departments().map((d) => [d.id, departmentLabel(d, language)]));
  });

  constructor() {
    this.load();
    this.departmentsApi.list().subscribe({
      next: (departments) => this.departments.set(departments),
      error: (error: unknown) => this.notifier.error(error),
    });
    this.search.valueChanges
      .pipe(
        map((q) => q.trim()),
        debounceTime(300),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.load());
    // A create form that was being typed when the page went away comes back as it was.
    if (this.canCreate() && this.drafts.has(USER_CREATE_DRAFT)) {
      this.openCreate();
    }
  }

  /** First page for the current search; `more` appends the next page. */
  protected load(more = false): void {
    this.request?.unsubscribe();
    this.loading.set(true);
    this.failure.set(null);
    const cursor = more ? this.nextCursor() : null;
    this.request = this.usersApi.list({ q: this.search.value.trim(), cursor }).subscribe({
      next: (page) => {
        this.users.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
        this.refreshDraftMarks();
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }

  protected openCreate(): void {
    this.dialog
      .open<UserDialog, UserDialogData, UserView>(UserDialog, formDialogConfig({ departments: this.departments() }))
      .afterClosed()
      .subscribe((created) => {
        if (created) {
          this.notifier.success('users.created', { name: created.displayName });
          this.load();
        }
      });
  }

  /** The profile (system administrator) or the role (security administrator), as `fields` says. */
  protected openEdit(user: UserView, fields: UserDialogData['fields']): void {
    this.dialog
      .open<UserDialog, UserDialogData, UserView>(
        UserDialog,
        formDialogConfig({ user, departments: this.departments(), fields }),
      )
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.notifier.success('common.saved');
          this.replace(saved);
        }
        this.refreshDraftMarks();
      });
  }

  protected openPasswordReset(user: UserView): void {
    this.dialog
      .open<PasswordDialog, PasswordDialogData, UserView>(PasswordDialog, formDialogConfig({ user }))
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.notifier.success('users.passwordReset', { name: saved.displayName });
          this.replace(saved);
        }
      });
  }

  /** Locking signs the user out everywhere: ask first. Unlocking needs no confirmation. */
  protected toggleLock(user: UserView): void {
    if (user.locked) {
      this.setLocked(user);
      return;
    }
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
        data: {
          title: 'users.confirmLockTitle',
          message: 'users.confirmLockMessage',
          confirm: 'users.lock',
          params: { name: user.displayName },
        },
        maxWidth: '96vw',
        width: '440px',
      })
      .afterClosed()
      .subscribe((confirmed) => {
        if (confirmed === true) {
          this.setLocked(user);
        }
      });
  }

  private setLocked(user: UserView): void {
    this.usersApi.update(user, { locked: !user.locked }).subscribe({
      next: (saved) => {
        this.notifier.success(saved.locked ? 'users.lockedDone' : 'users.unlockedDone', { name: saved.displayName });
        this.replace(saved);
      },
      error: (error: unknown) => {
        this.notifier.error(error);
        // The row was out of date: show the current state so the admin decides again on facts.
        if (isApiError(error, 412)) {
          this.load();
        }
      },
    });
  }

  protected resetSecondFactor(user: UserView): void {
    this.usersApi.resetSecondFactor(user).subscribe({
      next: () => this.notifier.success('users.secondFactorResetDone', { name: user.displayName }),
      error: (error: unknown) => this.notifier.error(error),
    });
  }

  private replace(saved: UserView): void {
    this.users.update((list) => list.map((u) => (u.id === saved.id ? saved : u)));
  }

  private refreshDraftMarks(): void {
    this.withDraft.set(
      new Set(
        this.users()
          .filter((u) => this.drafts.has(userEditDraft(u.id)))
          .map((u) => u.id),
      ),
    );
  }
}
