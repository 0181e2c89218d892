/**
 * @jest-environment node
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The repository's own lint configuration, asked about code placed at real paths in the web app. ESLint loads
// its config with a dynamic import that Jest's module sandbox refuses, so `new ESLint()` runs in a child Node
// process, once for every sample. Only the boundary rule runs (the type-checked rules would build a
// TypeScript program).
const root = join(__dirname, '../../../..');
const LINT_IN_NODE = `
  const { ESLint } = await import('eslint');
  const [configFile, samples] = process.argv.slice(1);
  const eslint = new ESLint({
    overrideConfigFile: configFile,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  });
  const found = [];
  for (const { code, filePath } of JSON.parse(samples)) {
    const [result] = await eslint.lintText(code, { filePath });
    found.push(result.messages.map((m) => (m.ruleId ?? 'fatal') + ': ' + m.message));
  }
  process.stdout.write(JSON.stringify(found));
`;

const SAMPLES = {
  internalImport: ['features/progress/report-page.ts', "import { TasksService } from '../tasks/tasks.service';"],
  indexImport: ['features/progress/report-page.ts', "import { TasksService } from '../tasks';"],
  ownFiles: [
    'features/progress/report-page.ts',
    [
      "import { ProgressService } from './progress.service';",
      "import { AuthService } from '../../core/auth/auth.service';",
      "import { RecordEditor } from '../../shared/record-editor';",
      "export const page = () => import('../contributions/contribution-page');",
    ].join('\n'),
  ],
  shellInternal: ['shell/shell.ts', "import { InboxService } from '../features/inbox/inbox.service';"],
  shellIndex: ['shell/shell.ts', "import { InboxService } from '../features/inbox';"],
  coreImport: ['core/auth/auth.service.ts', "import { TasksService } from '../../features/tasks';"],
  sharedImport: ['shared/record-editor.ts', "import { TasksService } from '../features/tasks/tasks.service';"],
} satisfies Record<string, [file: string, code: string]>;

type Sample = keyof typeof SAMPLES;

describe('Web feature boundaries', () => {
  let errors: Record<Sample, string[]>;

  beforeAll(async () => {
    const names = Object.keys(SAMPLES) as Sample[];
    const samples = names.map((name) => ({
      filePath: join(root, 'apps/web/src/app', SAMPLES[name][0]),
      code: `${SAMPLES[name][1]}\n`,
    }));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', LINT_IN_NODE, join(root, 'apps/web/eslint.config.mjs'), JSON.stringify(samples)],
      { cwd: root },
    );
    const found = JSON.parse(stdout) as string[][];
    errors = Object.fromEntries(names.map((name, i) => [name, found[i]])) as Record<Sample, string[]>;
  }, 60_000);

  it('reports a feature importing a file inside another feature', () => {
    expect(errors.internalImport).toEqual([expect.stringMatching(/^no-restricted-imports: .*public face/)]);
  });

  it("lets a feature import another feature's index", () => {
    expect(errors.indexImport).toEqual([]);
  });

  it("lets a feature import its own files, core/ and shared/, and lazy-load another feature's page", () => {
    expect(errors.ownFiles).toEqual([]);
  });

  it("reports the shell importing a feature's internals, not its index", () => {
    expect(errors.shellInternal).toEqual([expect.stringMatching(/^no-restricted-imports: .*public face/)]);
    expect(errors.shellIndex).toEqual([]);
  });

  it('reports core/ and shared/ importing a feature, even through its index', () => {
    expect(errors.coreImport).toEqual([expect.stringMatching(/^no-restricted-imports: .*core\/ and shared\//)]);
    expect(errors.sharedImport).toEqual([expect.stringMatching(/^no-restricted-imports: .*core\/ and shared\//)]);
  });
});
