import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import type { FocusAreaView } from '@zibo/domain';
import { type ErrorMessage, errorMessage } from '../../core/feedback/error-message';
import { ErrorMessagePipe } from '../../core/feedback/error-message.pipe';
import { LanguageService } from '../../core/i18n/language.service';
import { FocusAreasService } from './focus-areas.service';

@Component({
  selector: 'app-focus-areas-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, TranslocoPipe, ErrorMessagePipe],
  templateUrl: './focus-areas-page.html',
  styleUrl: './focus-areas-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FocusAreasPage {
  private readonly focusAreas = inject(FocusAreasService);
  private readonly language = inject(LanguageService);

  protected readonly areas = signal<FocusAreaView[]>([]);
  protected readonly loading = signal(true);
  protected readonly failure = signal<ErrorMessage | null>(null);
  protected readonly english = computed(() => this.language.current() === 'en');
  protected readonly workItemCount = computed(() =>
    this.areas().reduce((count, area) => count + area.workItems.length, 0),
  );

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.failure.set(null);
    this.focusAreas.list().subscribe({
      next: (areas) => {
        this.areas.set(areas);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error));
        this.loading.set(false);
      },
    });
  }
}
