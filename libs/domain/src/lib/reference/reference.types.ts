export interface WorkItemView {
  code: string;
  name: string;
  nameEn: string;
}

export interface FocusAreaView {
  code: string;
  name: string;
  nameEn: string;
  target: string;
  targetEn: string;
  workItems: WorkItemView[];
}

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  active: boolean;
  /** 分管领导: a committee member, set by the system administrator; receives level-3 red notices. */
  supervisingLeaderId: string | null;
  version: number;
}
