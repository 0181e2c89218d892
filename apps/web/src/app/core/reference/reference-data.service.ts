import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import type { DepartmentView, FocusAreaView, WorkItemView } from '@zibo/domain';
import { type Observable, forkJoin, map, of, shareReplay, tap } from 'rxjs';
import { LanguageService } from '../i18n/language.service';
import { departmentLabel, referenceName } from './reference-names';

export interface WorkItemEntry extends WorkItemView {
  focusAreaCode: string;
}

/**
 * The small reference lists every task page names things from (focus areas with their work items,
 * departments), loaded once per visit and shared.
 */
@Injectable({ providedIn: 'root' })
export class ReferenceData {
  private readonly http = inject(HttpClient);
  private readonly language = inject(LanguageService);
  private loading: Observable<void> | null = null;

  readonly focusAreas = signal<FocusAreaView[]>([]);
  readonly departments = signal<DepartmentView[]>([]);
  readonly loaded = signal(false);

  readonly workItems = computed(
    () =>
      new Map<string, WorkItemEntry>(
        this.focusAreas().flatMap((area) =>
          area.workItems.map((item) => [item.code, { ...item, focusAreaCode: area.code }] as const),
        ),
      ),
  );
  readonly departmentNames = computed(() => {
    const language = this.language.current();
    return new Map(this.departments().map((d) => [d.id, departmentLabel(d, language)]));
  });

  /** Loads both lists unless already there; safe to call from every page. */
  load(): Observable<void> {
    if (this.loaded()) {
      return of(undefined);
    }
    this.loading ??= forkJoin({
      areas: this.http.get<FocusAreaView[]>('/api/focus-areas'),
      departments: this.http.get<DepartmentView[]>('/api/departments'),
    }).pipe(
      tap(({ areas, departments }) => {
        this.focusAreas.set(areas);
        this.departments.set(departments);
        this.loaded.set(true);
      }),
      map(() => undefined),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    const request = this.loading;
    // A failed load may be retried.
    return request.pipe(tap({ error: () => (this.loading = null) }));
  }

  departmentName(id: string | null | undefined): string {
    if (!id) {
      return '—';
    }
    return this.departmentNames().get(id) ?? '…';
  }

  workItemName(code: string): string {
    const item = this.workItems().get(code);
    return item ? referenceName(item, this.language.current()) : code;
  }

  /** The official (Chinese) name of a work item, shown beside a translation. */
  workItemOfficialName(code: string): string {
    return this.workItems().get(code)?.name ?? code;
  }

  focusAreaName(code: string): string {
    const area = this.focusAreas().find((a) => a.code === code);
    return area ? referenceName(area, this.language.current()) : code;
  }

  /** After an administrator changed departments: the next load fetches again. */
  invalidate(): void {
    this.loaded.set(false);
    this.loading = null;
  }
}
