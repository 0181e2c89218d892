import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { type IsActiveMatchOptions, RouterLink, RouterLinkActive } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

/** Switches between the audit log and the chain verification. */
@Component({
  selector: 'app-audit-tabs',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, TranslocoPipe],
  template: `
    <nav mat-tab-nav-bar [tabPanel]="panel" mat-stretch-tabs="false" [attr.aria-label]="'audit.sections' | transloco">
      <a
        mat-tab-link
        routerLink="/audit"
        routerLinkActive
        #log="routerLinkActive"
        [routerLinkActiveOptions]="exactPath"
        [active]="log.isActive"
        >{{ 'audit.logTab' | transloco }}</a
      >
      <a
        mat-tab-link
        routerLink="/audit/verify"
        routerLinkActive
        #verify="routerLinkActive"
        [active]="verify.isActive"
        >{{ 'audit.verifyTab' | transloco }}</a
      >
    </nav>
    <mat-tab-nav-panel #panel />
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditTabs {
  // The log keeps its filters in the query string; the tab stays active with any of them.
  protected readonly exactPath: IsActiveMatchOptions = {
    paths: 'exact',
    queryParams: 'ignored',
    fragment: 'ignored',
    matrixParams: 'ignored',
  };
}
