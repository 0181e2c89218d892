import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Rag } from '@zibo/domain';

const ICONS: Record<Rag, string> = { red: 'error', amber: 'warning', green: 'check_circle' };

/** 红黄绿灯: a coloured light with an icon and its name, so colour is never the only signal. */
@Component({
  selector: 'app-rag-light',
  imports: [MatIconModule, TranslocoPipe],
  template: `
    @if (rag(); as rag) {
      <span class="light" [class]="rag" [attr.data-rag]="rag">
        <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
        <span>{{ 'rag.' + rag | transloco }}</span>
      </span>
    } @else {
      <span class="light none" data-rag="none">{{ 'rag.none' | transloco }}</span>
    }
  `,
  styles: `
    .light {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 10px 2px 6px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      white-space: nowrap;
      mat-icon {
        font-size: 18px;
        width: 18px;
        height: 18px;
      }
    }
    .red {
      background: #fde7e9;
      color: #8c1d18;
    }
    .amber {
      background: #fff3d6;
      color: #6d4c00;
    }
    .green {
      background: #dcf5e3;
      color: #135c2c;
    }
    .none {
      padding-inline: 10px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RagLight {
  readonly rag = input<Rag | null>(null);
  protected readonly icon = computed(() => {
    const rag = this.rag();
    return rag ? ICONS[rag] : '';
  });
}
