import { ChangeDetectionStrategy, Component, type OnDestroy, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';

export interface IdleWarningData {
  /** When the session goes idle (epoch ms). */
  idleAt: number;
}

/** "You will be signed out in n seconds": stay signed in (closes with true) or sign out (false). */
@Component({
  selector: 'app-idle-warning-dialog',
  imports: [MatButtonModule, MatDialogModule, TranslocoPipe],
  template: `
    <h2 mat-dialog-title>{{ 'idle.title' | transloco }}</h2>
    <mat-dialog-content>
      <p role="status">{{ 'idle.text' | transloco: { seconds: secondsLeft() } }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">{{ 'shell.signOut' | transloco }}</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" cdkFocusInitial>
        {{ 'idle.stay' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IdleWarningDialog implements OnDestroy {
  private readonly data = inject<IdleWarningData>(MAT_DIALOG_DATA);
  protected readonly secondsLeft = signal(this.left());
  private readonly ticker = setInterval(() => this.secondsLeft.set(this.left()), 1000);

  private left(): number {
    return Math.max(0, Math.ceil((this.data.idleAt - Date.now()) / 1000));
  }

  ngOnDestroy(): void {
    clearInterval(this.ticker);
  }
}
