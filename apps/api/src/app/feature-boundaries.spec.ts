import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '../../../..');

// ESLint loads its flat config with a dynamic import, which Jest's module sandbox refuses: one child
// node lints every snippet with the import rule the repository's config sets for its path (no type
// information needed, so it stays fast).
const LINT_SNIPPETS = `
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
(async () => {
  const results = [];
  for (const [code, filePath] of JSON.parse(process.argv[1])) {
    const config = await new ESLint({ cwd: process.cwd() }).calculateConfigForFile(filePath);
    const rule = config.rules['no-restricted-imports'];
    const eslint = new ESLint({
      cwd: process.cwd(),
      overrideConfigFile: true,
      overrideConfig: [{
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        rules: rule ? { 'no-restricted-imports': rule } : {},
      }],
    });
    const [result] = await eslint.lintText(code, { filePath });
    results.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
  }
  process.stdout.write(JSON.stringify(results));
})();
`;

interface Message {
  ruleId: string | null;
  message: string;
}

const SNIPPETS = {
  internalOfAnotherFeature: [
    "import { Task } from '../tasks/task.entity';\nexport const t = Task;\n",
    'apps/api/src/app/x/x.service.ts',
  ],
  faceOwnFilesAndCore: [
    "import { Task } from '../tasks';\nimport { X } from './x.entity';\nimport { Clock } from '../../core/clock';\nexport const t = [Task, X, Clock];\n",
    'apps/api/src/app/x/x.service.ts',
  ],
  coreImportingAFeature: [
    "import { Task } from '../../app/tasks';\nexport const t = Task;\n",
    'apps/api/src/core/database/x.ts',
  ],
  appRootPastAnIndex: [
    "import { TasksModule } from './tasks/tasks.module';\nexport const m = TasksModule;\n",
    'apps/api/src/app/x.module.ts',
  ],
} satisfies Record<string, [code: string, filePath: string]>;

let messages: Record<keyof typeof SNIPPETS, Message[]>;

beforeAll(() => {
  const names = Object.keys(SNIPPETS) as (keyof typeof SNIPPETS)[];
  const out = execFileSync(process.execPath, ['-e', LINT_SNIPPETS, JSON.stringify(names.map((n) => SNIPPETS[n]))], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const results = JSON.parse(out) as Message[][];
  messages = Object.fromEntries(names.map((n, i) => [n, results[i]])) as typeof messages;
});

const refused = [expect.objectContaining({ ruleId: 'no-restricted-imports' })];

describe('Feature lines in the api (eslint.config.mjs)', () => {
  it("refuses a feature importing another feature's file", () => {
    expect(messages.internalOfAnotherFeature).toEqual(refused);
  });

  it("accepts a feature importing another feature's public face, its own files and core", () => {
    expect(messages.faceOwnFilesAndCore).toEqual([]);
  });

  it('refuses core importing a feature, even through its public face', () => {
    expect(messages.coreImportingAFeature).toEqual(refused);
  });

  it("refuses the app's own files reaching into a feature past its index", () => {
    expect(messages.appRootPastAnIndex).toEqual(refused);
  });
});
