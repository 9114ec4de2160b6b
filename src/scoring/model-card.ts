/**
 * The model card: the training report as JSON (`sf train --report r.json`) and as a readable HTML page next to
 * it (`r.html`), with its figures as inline SVG so that it opens offline. It says plainly how good the model
 * is under the honest protocol, and how the same model scores under the reference's flattering one.
 */
import type { CalibrationBin } from '../learn/metrics.ts';
import { barChart, escapeXml, lineChart } from './charts.ts';
import type { Metrics } from './evaluation.ts';
import { GROUP_LABELS, type Group } from './explain.ts';
import type { Recalibration } from './recent.ts';
import type { Thresholds } from './thresholds.ts';

export interface ProtocolResult {
  description: string;
  windows?: { train_to: string; test_from: string; test_to: string };
  n_train: number;
  n_test: number;
  /** Settings of this protocol's model (boosting: the number of trees kept by early stopping). */
  hyperparameters?: Record<string, number | string>;
  /** Strong signals (months already in procedure) excluded: the operationally useful figures. */
  metrics: Metrics;
  /** The same model on the same test companies with strong signals kept, as the reference reports. */
  metrics_with_strong_signals: Metrics;
  /** Thresholds chosen on validation folds of this protocol's training data. */
  thresholds: Thresholds;
  /** The calibration's shift on the outcomes seen after the training data (out of time only). */
  recalibration?: Recalibration;
  calibration_curve: CalibrationBin[];
  pr_curve: [number, number][];
}

export interface TrainReport {
  model_version: string;
  created_at: string;
  algo: string;
  seed: number;
  /** Headline figures of the default (out-of-time, no strong signals) protocol, as the contract asks. */
  auc: number;
  ap: number;
  ece: number;
  /** Precision and recall of the "risque fort" level on the out-of-time test window. */
  precision: number;
  recall: number;
  thresholds: { high: number; moderate: number };
  n_train: number;
  n_test: number;
  protocols: { out_of_time: ProtocolResult; reference: ProtocolResult };
  production: {
    n_train: number;
    positives: number;
    periode_from: string;
    periode_max_train: string;
    base_rate: number;
    hyperparameters: Record<string, number | string>;
    /** Grouped-by-SIREN cross-validation of each candidate setting on the production data. */
    cv: { params: Record<string, number | string>; ap: number; auc: number }[];
    /** Thresholds of the production model, chosen on out-of-fold predictions, with what they gave there. */
    levels: Thresholds;
    calibration: string;
    recalibration?: Recalibration;
  };
  feature_importance: { feature: string; group: Group; importance: number }[];
  volumes: { periode: string; fort: number; modere: number; aucune: number } | null;
  seconds: number;
  /** CPU time of the process, worker threads included: wall time on a machine shared with other work misleads. */
  cpu_seconds: number;
}

const pct = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(d)} %`;
const dec = (x: number | null | undefined, d = 3) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d);

function metricsRows(label: string, m: Metrics): string {
  return `<tr><th scope="row">${escapeXml(label)}</th><td>${m.n.toLocaleString('en')}</td><td>${pct(m.positive_rate, 2)}</td>
<td>${dec(m.auc)}</td><td>${dec(m.ap)}</td><td>${dec(m.ece, 4)}</td>
<td>${pct(m.high.precision)} / ${pct(m.high.recall)}</td><td>${pct(m.moderate.precision)} / ${pct(m.moderate.recall)}</td>
<td>${m.top.map((t) => pct(t.precision)).join(' · ')}</td></tr>`;
}

/** The production shift of the calibration in words (recent.ts), or nothing. */
function recalibrationText(r: Recalibration | undefined): string {
  if (!r) return '';
  const n = (x: number) => Math.round(x).toLocaleString('fr-FR');
  const shift = `${r.shift >= 0 ? '+' : '−'}${Math.abs(r.shift).toFixed(2).replace('.', ',')}`;
  return ` Décalage de la calibration : ${shift} en log-cote, au vu des défaillances connues en ${r.as_of} sur les mois suivant les données d'entraînement (${n(r.observed)} observées, ${n(r.expected)} attendues sans décalage).`;
}

/** The readable page. Published reference figures (model.md §5.3) are printed next to ours for comparison. */
export function renderModelCard(r: TrainReport): string {
  const oot = r.protocols.out_of_time;
  const ref = r.protocols.reference;
  const pr = lineChart(
    'Courbe précision-rappel',
    [
      { label: `Hors période (AP ${dec(oot.metrics.ap)})`, points: oot.pr_curve, color: '#000091' },
      { label: `Référence 80/20 (AP ${dec(ref.metrics.ap)})`, points: ref.pr_curve, color: '#e1000f', dashed: true },
    ],
    { x: 'Rappel', y: 'Précision' },
  );
  const maxP = Math.max(0.05, ...oot.calibration_curve.map((b) => Math.max(b.meanPredicted, b.fractionPositive)));
  const top = Math.min(1, Math.ceil(maxP * 20) / 20);
  const calib = lineChart(
    'Courbe de calibration',
    [
      {
        label: 'Calibration parfaite',
        points: [
          [0, 0],
          [top, top],
        ],
        color: '#888',
        dashed: true,
      },
      {
        label: `Hors période (ECE ${dec(oot.metrics.ece, 4)})`,
        points: oot.calibration_curve.map((b) => [b.meanPredicted, b.fractionPositive]),
        color: '#000091',
      },
    ],
    { x: 'Probabilité prédite', y: 'Fréquence observée', xMax: top, yMax: top },
  );
  const importance = barChart(
    'Importance des variables (part de |SHAP| moyen)',
    r.feature_importance.slice(0, 20).map((f) => ({ label: f.feature, value: 100 * f.importance })),
    ' %',
  );
  const volumes = r.volumes
    ? barChart(`Volumes par niveau, ${r.volumes.periode}`, [
        { label: 'Risque fort', value: r.volumes.fort, color: '#e1000f' },
        { label: 'Risque modéré', value: r.volumes.modere, color: '#fc5d00' },
        { label: 'Aucune alerte', value: r.volumes.aucune, color: '#18753c' },
      ])
    : '<p>Pas de mois à scorer.</p>';
  const p = r.production;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Fiche modèle ${escapeXml(r.model_version)}</title>
<style>body{font-family:Marianne,Arial,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#161616}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:right}
th[scope=row]{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}figure{margin:0}</style></head>
<body>
<h1>Fiche modèle — Signaux Faibles</h1>
<p>Version <code>${escapeXml(r.model_version)}</code>, algorithme <strong>${escapeXml(r.algo)}</strong>, entraîné le ${escapeXml(r.created_at)} en ${r.seconds.toFixed(0)} s (${r.cpu_seconds.toFixed(0)} s de calcul, graine ${r.seed}).
Cible : ouverture d'une procédure collective dans les 18 mois. Probabilités calibrées (${escapeXml(p.calibration)}).${recalibrationText(p.recalibration)}</p>
<h2>Performances</h2>
<p>Protocole par défaut, <strong>hors période</strong> : ${escapeXml(oot.description)}
${oot.windows ? `Entraînement jusqu'à ${oot.windows.train_to}, test de ${oot.windows.test_from} à ${oot.windows.test_to}.` : ''}
Protocole de <strong>référence</strong> : ${escapeXml(ref.description)}</p>
<table><thead><tr><th>Protocole</th><th>Lignes test</th><th>Taux de défaillance</th><th>ROC AUC</th><th>AP</th><th>ECE</th>
<th>Risque fort : précision / rappel</th><th>Risque modéré : précision / rappel</th><th>Précision top 1 % · 2 % · 5 %</th></tr></thead><tbody>
${metricsRows('Hors période, sans signaux forts (défaut)', oot.metrics)}
${metricsRows('Hors période, avec signaux forts', oot.metrics_with_strong_signals)}
${metricsRows('Référence 80/20, sans signaux forts', ref.metrics)}
${metricsRows('Référence 80/20, avec signaux forts', ref.metrics_with_strong_signals)}
<tr><th scope="row">Publié par la référence (mars 2024)</th><td>5 000 000</td><td>–</td><td>0.930</td><td>0.510</td><td>–</td><td>62.0 % / 37.0 %</td><td>36.0 % / 69.0 %</td><td>–</td></tr>
</tbody></table>
<h2>Seuils</h2>
<p>Choisis sur des prédictions hors échantillon (validation croisée groupée par SIREN) :
risque fort (F0,5 max) à <strong>${pct(p.levels.high.threshold, 2)}</strong> (précision ${pct(p.levels.high.precision)}, rappel ${pct(p.levels.high.recall)}),
risque modéré (F2 max) à <strong>${pct(p.levels.moderate.threshold, 2)}</strong> (précision ${pct(p.levels.moderate.precision)}, rappel ${pct(p.levels.moderate.recall)}).
Taux de base : ${pct(p.base_rate, 2)}.</p>
<div class="charts"><figure>${pr}</figure><figure>${calib}</figure></div>
<h2>Variables les plus importantes</h2>
<figure>${importance}</figure>
<h2>Volumes</h2>
<figure>${volumes}</figure>
<h2>Modèle de production</h2>
<p>${p.n_train.toLocaleString('en')} lignes (${p.positives.toLocaleString('en')} positives) de ${escapeXml(p.periode_from)} à ${escapeXml(p.periode_max_train)}, hyper-paramètres
<code>${escapeXml(JSON.stringify(p.hyperparameters))}</code>.</p>
<table><thead><tr><th>Réglage candidat</th><th>AP (VC groupée)</th><th>ROC AUC</th></tr></thead><tbody>
${p.cv.map((c) => `<tr><th scope="row"><code>${escapeXml(JSON.stringify(c.params))}</code></th><td>${dec(c.ap)}</td><td>${dec(c.auc)}</td></tr>`).join('\n')}
</tbody></table>
<p>Groupes thématiques : ${Object.values(GROUP_LABELS).map(escapeXml).join(', ')}.</p>
</body></html>
`;
}
