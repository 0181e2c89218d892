import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@zibo/domain';
import en from '../../../../public/i18n/en.json';
import zh from '../../../../public/i18n/zh-CN.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') {
      keys.set(prefix + key, value);
    } else {
      flatten(value, `${prefix}${key}.`).forEach((text, nested) => keys.set(nested, text));
    }
  }
  return keys;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|html)$/.test(entry) && !entry.endsWith('.spec.ts') ? [path] : [];
  });
}

const NAMESPACES = Object.keys(zh).join('|');
// Literal keys as the code writes them: 'ns.key' (in templates, MessageKeys, nav items, notifier calls).
// Not an object's own key (`'calendar.set': …` names an audit action, whose label is the value).
const KEY_PATTERN = new RegExp(`'((?:${NAMESPACES})\\.[A-Za-z.]+[A-Za-z])'(?!\\s*:)`, 'g');

describe('Translations', () => {
  const chinese = flatten(zh);
  const english = flatten(en);

  it('English has every text Chinese has, and no other', () => {
    expect([...english.keys()].sort()).toEqual([...chinese.keys()].sort());
  });

  it('no text is left empty', () => {
    for (const [key, text] of [...chinese, ...english]) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('every role has a label', () => {
    for (const role of ROLES) {
      expect(chinese.get(`roles.${role}`)).toBeTruthy();
      expect(english.get(`roles.${role}`)).toBeTruthy();
    }
  });

  it('every key the code uses exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '..', '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(KEY_PATTERN)) {
        used.add(match[1]);
      }
    }

    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !chinese.has(key))).toEqual([]);
  });
});
