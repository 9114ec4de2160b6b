/**
 * Quality on real public tabular data: cross-validated ROC AUC and average precision of our learners against
 * XGBoost and scikit-learn with default settings, on the same folds of the same CSV files.
 * Datasets: scikit-learn's bundled breast_cancer (569 × 30) and digits as "is it an 8?" (1797 × 64, 10 % positives),
 * exported by Debian's /usr/bin/python3 (python3-sklearn, python3-xgboost); nothing is installed at run time.
 * Target: our gbdt within 0.005 of XGBoost on both figures.
 * `SF_BENCH_SMALL=1` runs one repetition only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvTable } from '../src/cli/csv-table.ts';
import { type Algorithm, modelMargin, trainAlgorithm } from '../src/learn/algorithms.ts';
import { crossValidate, stratifiedKFold } from '../src/learn/cv.ts';
import { WorkerPool } from '../src/learn/pool.ts';

const PYTHON = '/usr/bin/python3';
const THREADS = 2;
const FOLDS = 5;
const REPEATS = process.env.SF_BENCH_SMALL ? 1 : 3;

const EXPORT = `
import sys, numpy as np
from sklearn import datasets
out = sys.argv[1]
b = datasets.load_breast_cancer()
# scikit-learn codes malignant as 0: predict malignancy, the rarer class, as the positive one.
np.savetxt(out + '/breast_cancer.csv', np.column_stack([b.data, 1 - b.target]), delimiter=',',
           header=','.join([n.replace(' ', '_') for n in b.feature_names] + ['y']), comments='', fmt='%.10g')
d = datasets.load_digits()
np.savetxt(out + '/digits8.csv', np.column_stack([d.data, (d.target == 8).astype(int)]), delimiter=',',
           header=','.join(['px%d' % i for i in range(64)] + ['y']), comments='', fmt='%.10g')
`;

const PEERS = `
import sys, json, warnings, numpy as np, xgboost as xgb
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score, average_precision_score
warnings.filterwarnings('ignore')
csv, folds_file, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = np.loadtxt(csv, delimiter=',', skiprows=1)
X, y = data[:, :-1], data[:, -1]
folds = np.loadtxt(folds_file, delimiter=',', dtype=int, ndmin=2)
peers = {
  'xgboost': lambda: xgb.XGBClassifier(n_jobs=threads),
  'sklearn_rf_reference': lambda: RandomForestClassifier(n_estimators=100, max_depth=9, max_features='sqrt', n_jobs=threads, random_state=0),
  'sklearn_logreg': lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=10000)),
}
res = {}
for name, make in peers.items():
  aucs, aps = [], []
  for rep in folds:
    for k in range(rep.max() + 1):
      tr, te = rep != k, rep == k
      m = make().fit(X[tr], y[tr])
      s = m.predict_proba(X[te])[:, 1]
      aucs.append(roc_auc_score(y[te], s)); aps.append(average_precision_score(y[te], s))
  res[name] = {'auc': float(np.mean(aucs)), 'ap': float(np.mean(aps))}
print(json.dumps(res))
`;

function python(script: string, args: string[]): string {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr || r.error}`);
  return r.stdout;
}

const check = spawnSync(PYTHON, ['-c', 'import sklearn, xgboost'], { encoding: 'utf8' });
if (check.status !== 0) {
  console.log('skipped: needs Debian python3-sklearn and python3-xgboost (/usr/bin/python3)');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'sf-quality-'));
const pool = await WorkerPool.create(THREADS);
let missed = 0;
try {
  python(EXPORT, [dir]);
  for (const name of ['breast_cancer', 'digits8']) {
    const csv = join(dir, `${name}.csv`);
    const table = readCsvTable(csv, { target: 'y' });
    const y = table.target!;
    const repeats = Array.from({ length: REPEATS }, (_, seed) => stratifiedKFold(y, FOLDS, seed));
    // Fold number of each row, one line per repetition, for the peers.
    const foldFile = join(dir, `${name}.folds`);
    writeFileSync(
      foldFile,
      repeats
        .map((folds) => {
          const of = new Int32Array(y.length);
          folds.forEach((f, k) => {
            for (const i of f.test) of[i] = k;
          });
          return Array.from(of).join(',');
        })
        .join('\n'),
    );
    const peers = JSON.parse(python(PEERS, [csv, foldFile, String(THREADS)]));
    const ours: Record<string, { auc: number; ap: number }> = {};
    for (const algo of ['gbdt', 'rf', 'logreg'] as Algorithm[]) {
      let auc = 0;
      let ap = 0;
      for (const folds of repeats) {
        const r = await crossValidate(table.data, y, folds, async (train, yTrain) => {
          const m = await trainAlgorithm(algo, train, yTrain, {}, { pool });
          return (test) => modelMargin(m, test);
        });
        auc += r.auc / REPEATS;
        ap += r.ap / REPEATS;
      }
      ours[algo] = { auc, ap };
    }
    const positives = y.reduce((a, v) => a + v, 0);
    console.log(
      `\n${name}: ${y.length} rows, ${table.data.columns.length} features, ${positives} positives; ${REPEATS}× ${FOLDS}-fold CV`,
    );
    const row = (label: string, r: { auc: number; ap: number }) =>
      console.log(`  ${label.padEnd(38)} AUC ${r.auc.toFixed(4)}  AP ${r.ap.toFixed(4)}`);
    row('sf gbdt (defaults)', ours.gbdt);
    row('XGBoost 1.7 (defaults)', peers.xgboost);
    row('sf rf (reference preset)', ours.rf);
    row('scikit-learn RF (100 trees, depth 9)', peers.sklearn_rf_reference);
    row('sf logreg (C = 1)', ours.logreg);
    row('scikit-learn LogisticRegression', peers.sklearn_logreg);
    const dAuc = ours.gbdt.auc - peers.xgboost.auc;
    const dAp = ours.gbdt.ap - peers.xgboost.ap;
    const ok = dAuc >= -0.005 && dAp >= -0.005;
    if (!ok) missed++;
    console.log(
      `  gbdt − XGBoost: AUC ${dAuc >= 0 ? '+' : ''}${dAuc.toFixed(4)}, AP ${dAp >= 0 ? '+' : ''}${dAp.toFixed(4)} → ${ok ? 'within' : 'MISSES'} the 0.005 target`,
    );
  }
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(missed ? 1 : 0);
