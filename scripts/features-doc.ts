/**
 * Writes docs/features.md from the feature catalogue. `--check`: exit 1 if the committed file is stale.
 * Run: npx tsx scripts/features-doc.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderDictionary } from '../src/features/dictionary.ts';

const path = new URL('../docs/features.md', import.meta.url);
const text = renderDictionary();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('docs/features.md is out of date: run npx tsx scripts/features-doc.ts');
    process.exit(1);
  }
} else writeFileSync(path, text);
