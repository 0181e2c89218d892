import { type APIRequestContext, expect } from '@playwright/test';
import { DEMO_PASSWORD } from './session';

/** Setting up through the api what a journey starts from (its own screens are tested elsewhere). */
export async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export async function apiPost<T>(request: APIRequestContext, token: string, path: string, data?: unknown): Promise<T> {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

export async function apiGet<T>(request: APIRequestContext, token: string, path: string): Promise<T> {
  const response = await request.get(path, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

export async function apiPatch<T>(
  request: APIRequestContext,
  token: string,
  path: string,
  version: number,
  data: unknown,
): Promise<T> {
  const response = await request.patch(path, {
    data,
    headers: { authorization: `Bearer ${token}`, 'if-match': `"${version}"` },
  });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/** An assigned task led by `lead` (a department code, econ by default). */
export async function assignedTask(
  request: APIRequestContext,
  title: string,
  options: { lead?: string; startDate: string; dueDate: string },
): Promise<string> {
  const committee = await tokenOf(request, 'committee');
  const departments = await apiGet<{ id: string; code: string }[]>(request, committee, '/api/departments');
  const lead = departments.find((d) => d.code === (options.lead ?? 'econ'))?.id;
  const task = await apiPost<{ id: string }>(request, committee, '/api/tasks', {
    workItemCode: 'FA1.3',
    title,
    leadDepartmentId: lead,
    startDate: options.startDate,
    dueDate: options.dueDate,
  });
  await apiPost(request, committee, `/api/tasks/${task.id}/assign`);
  return task.id;
}
