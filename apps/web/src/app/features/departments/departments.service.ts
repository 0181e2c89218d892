import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateDepartmentInput, DepartmentView, UpdateDepartmentInput } from '@zibo/domain';
import { type Observable, map } from 'rxjs';
import { ifMatch } from '../../core/api/if-match';

const DEPARTMENTS = '/api/departments';

@Injectable({ providedIn: 'root' })
export class DepartmentsService {
  private readonly http = inject(HttpClient);

  list(): Observable<DepartmentView[]> {
    return this.http.get<DepartmentView[]>(DEPARTMENTS);
  }

  /** The current version of one department (the api has no single-department GET). */
  find(id: string): Observable<DepartmentView | undefined> {
    return this.list().pipe(map((departments) => departments.find((d) => d.id === id)));
  }

  create(input: CreateDepartmentInput): Observable<DepartmentView> {
    return this.http.post<DepartmentView>(DEPARTMENTS, input);
  }

  update(department: DepartmentView, changes: UpdateDepartmentInput): Observable<DepartmentView> {
    return this.http.patch<DepartmentView>(`${DEPARTMENTS}/${department.id}`, changes, {
      headers: ifMatch(department.version),
    });
  }
}
