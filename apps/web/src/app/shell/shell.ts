import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, type MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter, map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { SessionActivity } from '../core/auth/session-activity';
import { LanguageSwitch } from '../core/i18n/language-switch';
import { InboxService } from '../features/inbox';
import { NotificationBell } from '../features/notifications';
import { IdleWarningDialog, type IdleWarningData } from './idle-warning-dialog';
import { type NavItem, navItemsFor } from './nav-items';

/** Below this width the navigation slides over the page instead of taking a column. */
const NARROW_SCREEN = '(max-width: 959.98px)';

@Component({
  selector: 'app-shell',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    MatTooltipModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    TranslocoPipe,
    LanguageSwitch,
    NotificationBell,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly activity = inject(SessionActivity);
  private readonly dialog = inject(MatDialog);
  private readonly inbox = inject(InboxService);
  private warning: MatDialogRef<IdleWarningDialog, boolean> | null = null;

  protected readonly me = this.auth.me;
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_SCREEN)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly canNotify = computed(() => this.me() !== null && this.auth.can('notifications:read'));
  protected readonly navItems = computed(() => {
    const me = this.me();
    return me ? navItemsFor(me.role) : [];
  });

  /** The count a navigation entry shows (to-do items, reports to review), or null for none. */
  protected badgeOf(item: NavItem): number | null {
    const counts = this.inbox.counts();
    if (!item.badge || !counts) {
      return null;
    }
    const count = item.badge === 'inbox' ? counts.total : counts.byKind.report_submitted_for_review;
    return count > 0 ? count : null;
  }

  constructor() {
    // The badges follow the work: recounted after each page change (one small request).
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        if (this.auth.can('inbox:read')) {
          this.inbox.refreshCounts().subscribe({ error: () => undefined });
        }
      });
    // A minute before the idle limit: ask. At the limit: sign out (in every tab, on the server too).
    effect(() => {
      const state = this.activity.state();
      untracked(() => this.onIdleState(state));
    });
  }

  protected signOut(reason?: 'idle'): void {
    this.warning?.close();
    this.auth.signOut().subscribe(() => {
      void this.router.navigateByUrl(reason ? `/login?reason=${reason}` : '/login');
    });
  }

  private onIdleState(state: 'active' | 'warning' | 'idle'): void {
    if (state === 'idle') {
      this.signOut('idle');
    } else if (state === 'warning' && !this.warning) {
      this.warning = this.dialog.open<IdleWarningDialog, IdleWarningData, boolean>(IdleWarningDialog, {
        data: { idleAt: this.activity.idleAt() ?? Date.now() },
        disableClose: true,
        width: '420px',
      });
      this.warning.afterClosed().subscribe((stay) => {
        this.warning = null;
        if (stay) {
          // A request the user started: the api records the activity, and so does this tab.
          this.auth.loadMe().subscribe({ error: () => undefined });
        } else if (stay === false) {
          this.signOut();
        }
      });
    } else if (state === 'active') {
      // Activity in another tab: the question is moot here.
      this.warning?.close();
    }
  }
}
