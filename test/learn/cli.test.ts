import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from './random-trees.ts';

const sf = (...args: string[]) => spawnSync('node', ['bin/sf.js', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'sf-learn-cli-'));
const csv = join(dir, 'table.csv');

/** 600 rows: two informative numeric features, a categorical one, noise, missing values in every marker. */
beforeAll(() => {
  const r = rng(3);
  const lines = ['a,b,secteur,bruit,y'];
  const markers = ['', '?', 'NA', 'NaN'];
  for (let i = 0; i < 600; i++) {
    const a = r() * 4 - 2;
    const b = r() * 4 - 2;
    const secteur = ['industrie', 'commerce', 'btp'][Math.floor(r() * 3)];
    const logit = 1.5 * a - b + (secteur === 'btp' ? 1 : 0) - 1;
    const y = r() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    const cell = (v: string) => (r() < 0.05 ? markers[Math.floor(r() * 4)] : v);
    lines.push([cell(a.toFixed(3)), cell(b.toFixed(3)), cell(secteur), r().toFixed(3), y].join(','));
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
});

describe('sf learn', () => {
  it('cv --json prints AUC and AP per fold for every algorithm', () => {
    for (const algo of ['gbdt', 'rf', 'logreg']) {
      const r = sf(
        'learn',
        'cv',
        '--csv',
        csv,
        '--target',
        'y',
        '--folds',
        '3',
        '--algo',
        algo,
        '--threads',
        '1',
        '--json',
      );
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.folds).toHaveLength(3);
      for (const f of out.folds) expect(Object.keys(f).sort()).toEqual(['ap', 'auc', 'train_seconds']);
      expect(out.auc).toBeGreaterThan(0.75);
      expect(out.ap).toBeGreaterThan(0.5);
      expect(out.auc).toBeCloseTo(out.folds.reduce((a: number, f: { auc: number }) => a + f.auc, 0) / 3, 12);
    }
  });

  it('train then predict with SHAP values that add up to the margin', () => {
    const model = join(dir, 'model.json');
    const out = join(dir, 'pred.csv');
    const t = sf(
      'learn',
      'train',
      '--csv',
      csv,
      '--target',
      'y',
      '--model-out',
      model,
      '--trees',
      '30',
      '--depth',
      '4',
      '--learning-rate',
      '0.2',
      '--threads',
      '2',
    );
    expect(t.status, t.stderr).toBe(0);
    const p = sf('learn', 'predict', '--csv', csv, '--model', model, '--out', out, '--shap');
    expect(p.status, p.stderr).toBe(0);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe('probability,shap_a,shap_b,shap_secteur,shap_bruit,shap_base');
    expect(rows).toHaveLength(600);
    for (const row of rows.slice(0, 50)) {
      const [prob, ...shap] = row.split(',').map(Number);
      const margin = shap.reduce((a, v) => a + v, 0);
      expect(prob).toBeCloseTo(1 / (1 + Math.exp(-margin)), 9);
    }
  });

  it('trains a calibrated model and scores with it', () => {
    const model = join(dir, 'calibrated.json');
    const out = join(dir, 'calibrated.csv');
    const t = sf(
      'learn',
      'train',
      '--csv',
      csv,
      '--target',
      'y',
      '--model-out',
      model,
      '--algo',
      'logreg',
      '--calibration',
      'isotonic',
      '--json',
    );
    expect(t.status, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ algo: 'logreg', n_rows: 600 });
    const stored = JSON.parse(readFileSync(model, 'utf8'));
    expect(stored).toMatchObject({ kind: 'logistic-regression', calibration: { method: 'isotonic', input: 'margin' } });
    expect(stored.payload.csv.categories).toEqual({ secteur: ['btp', 'commerce', 'industrie'] });
    const p = sf('learn', 'predict', '--csv', csv, '--model', model, '--out', out);
    expect(p.status, p.stderr).toBe(0);
    const probs = readFileSync(out, 'utf8').trim().split('\n').slice(1).map(Number);
    expect(probs).toHaveLength(600);
    // Isotonic steps: few distinct values, all in [0, 1], and their mean near the positive rate.
    expect(probs.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(new Set(probs).size).toBeLessThan(100);
  });

  it('names the file, line and field of bad input, and refuses bad usage', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,y\n1,0\n2,1\n3,maybe\n');
    const r = sf('learn', 'cv', '--csv', bad, '--target', 'y', '--json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bad.csv:4, field y: the target must be 0 or 1, got "maybe"');
    expect(sf('learn', 'cv', '--csv', csv, '--target', 'nope').stderr).toContain('no column "nope"');
    expect(sf('learn', 'cv', '--csv', csv).status).toBe(2);
    expect(sf('learn', 'cv', '--csv', csv, '--target', 'y', '--algo', 'svm').status).toBe(2);
    const p = sf('learn', 'predict', '--csv', csv, '--model', join(dir, 'none.json'), '--out', join(dir, 'x.csv'));
    expect(p.status).toBe(1);
    expect(p.stderr).toContain('none.json');
  });
});
