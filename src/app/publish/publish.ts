import { SfError } from '../../common/errors.ts';
import type { Warehouse } from '../../warehouse/db.ts';
import { buildCartes } from '../cartes/blocs.ts';
import { LIGNES, listOrder } from '../listes/filtres.ts';
import { seedReferences } from '../store/references.ts';
import type { AppStore, Sql } from '../store/store.ts';
import { copyRows, upsert } from './load.ts';

export interface PublishOptions {
  label?: string;
  /** Months of history copied for the cards' charts, the list month included. */
  months?: number;
}

export interface PublishResult {
  id: number;
  label: string;
  periode: string;
  model_version: string;
  nb_entreprises: number;
  nb_fort: number;
  nb_modere: number;
  rows: Record<string, number>;
}

const MOIS = 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre'.split(' ');
export function defaultLabel(periode: string): string {
  const [y, m] = periode.split('-');
  const mois = MOIS[Number(m) - 1];
  return `${mois[0].toUpperCase()}${mois.slice(1)} ${y}`;
}

/** The tables a publish writes (their statistics are refreshed after it). */
const PUBLISHED_TABLES = [
  'liste',
  'entreprise',
  'etablissement',
  'prediction',
  'prediction_groupe',
  'prediction_variable',
  'alerte',
  'serie_etablissement',
  'serie_entreprise',
  'procol_evenement',
  'exercice',
  'carte_entreprise',
  'carte_etablissement',
];

const CARD_KEYS = ['algo', 'auc', 'ap', 'precision', 'recall', 'thresholds', 'n_train', 'n_test', 'base_rate'];

/** The public figures of the model behind a list, from `model_run` (null when the store has no training report). */
async function modelCard(wh: Warehouse, mv: string): Promise<Record<string, unknown> | null> {
  if (!(await wh.tableExists('model_run'))) return null;
  const [run] = await wh.json<{ algo: string; periode_max_train: string | null; report: string | null }>(
    `SELECT algo, strftime(periode_max_train, '%Y-%m') AS periode_max_train, CAST(report_json AS VARCHAR) AS report
     FROM model_run WHERE model_version = $1 ORDER BY created_at DESC LIMIT 1`,
    [mv],
  );
  if (!run) return null;
  let report: Record<string, unknown> = {};
  try {
    report = JSON.parse(run.report ?? '{}');
  } catch {
    // a report that is not JSON: the card keeps what model_run's columns say
  }
  const card: Record<string, unknown> = { algo: run.algo, periode_max_train: run.periode_max_train };
  for (const k of CARD_KEYS) if (report[k] !== undefined) card[k] = report[k];
  return card;
}

/**
 * Columns and joins (by `p.siren`) of the per-company figures of list rows, as known at month `P`:
 * the last public statements available then (turnover, its change on the previous year, EBE); partial activity
 * authorised or consumed in the 12 months up to `P`; URSSAF debt higher at `P` than 3 months before.
 * A missing source gives NULL figures; a present one gives false flags to companies it does not mention.
 */
async function rowFigures(wh: Warehouse, P: string): Promise<{ columns: string; joins: string }> {
  const comptes = (await wh.tableExists('clean_comptes'))
    ? `SELECT siren, chiffre_d_affaires, ebe, CASE WHEN precedent > 0 THEN chiffre_d_affaires / precedent - 1 END AS ca_variation
       FROM (SELECT siren, chiffre_d_affaires, ebe,
                    lag(chiffre_d_affaires) OVER (PARTITION BY siren ORDER BY date_cloture) AS precedent,
                    row_number() OVER (PARTITION BY siren ORDER BY date_cloture DESC) AS rang
             FROM (SELECT siren, date_cloture, any_value(chiffre_d_affaires) AS chiffre_d_affaires, any_value(ebe) AS ebe
                   FROM clean_comptes
                   WHERE COALESCE(disponible_le, date_cloture + INTERVAL 7 MONTH) < ${P} + INTERVAL 1 MONTH
                   GROUP BY siren, date_cloture))
       WHERE rang = 1`
    : 'SELECT NULL::VARCHAR AS siren, NULL::DOUBLE AS chiffre_d_affaires, NULL::DOUBLE AS ebe, NULL::DOUBLE AS ca_variation';
  const ap = (await wh.tableExists('clean_ap'))
    ? `SELECT t.siren, bool_or(COALESCE(a.heures_consommees, 0) > 0 OR COALESCE(a.etp_consomme, 0) > 0
                               OR COALESCE(a.heures_autorisees, 0) > 0 OR COALESCE(a.etp_autorise, 0) > 0) AS ap
       FROM clean_ap a JOIN clean_etablissement t USING (siret)
       WHERE a.periode > ${P} - INTERVAL 12 MONTH AND a.periode <= ${P} GROUP BY t.siren`
    : null;
  const dette = 'COALESCE(d.dette_ouvriere, 0) + COALESCE(d.dette_patronale, 0)';
  const urssaf = (await wh.tableExists('clean_debit'))
    ? `SELECT t.siren, sum(${dette}) FILTER (WHERE d.periode = ${P})
                       > COALESCE(sum(${dette}) FILTER (WHERE d.periode = ${P} - INTERVAL 3 MONTH), 0) AS urssaf_hausse
       FROM clean_debit d JOIN clean_etablissement t USING (siret)
       WHERE d.periode IN (${P}, ${P} - INTERVAL 3 MONTH) GROUP BY t.siren`
    : null;
  // present source: companies it does not mention get false; absent source: NULL for all
  const flag = (sql: string | null, col: string) => (sql ? `COALESCE(${col}.${col}, false)` : 'NULL::BOOLEAN');
  const join = (sql: string | null, alias: string) =>
    sql ? `LEFT JOIN (${sql}) ${alias} ON ${alias}.siren = p.siren` : '';
  return {
    columns: `c.chiffre_d_affaires, c.ca_variation, c.ebe, ${flag(ap, 'ap')} AS ap, ${flag(urssaf, 'urssaf_hausse')} AS urssaf_hausse`,
    joins: `LEFT JOIN (${comptes}) c ON c.siren = p.siren ${join(ap, 'ap')} ${join(urssaf, 'urssaf_hausse')}`,
  };
}

/** Fails with a clear message when the analytical store has nothing to publish yet. */
export async function checkWarehouse(wh: Warehouse): Promise<void> {
  for (const t of ['prediction', 'clean_entreprise', 'clean_etablissement'])
    if (!(await wh.tableExists(t)))
      throw new SfError(`the analytical store ${wh.path} has no table ${t}: run sf import and sf predict first`, {
        file: wh.path,
      });
}

/**
 * `sf publish`: the latest predictions of the analytical store, with their explanations and everything the cards
 * show, become a new detection list of the app store — in one transaction. Earlier lists stay.
 */
export async function publish(wh: Warehouse, store: AppStore, opts: PublishOptions = {}): Promise<PublishResult> {
  await checkWarehouse(wh);
  const hasRun = await wh.tableExists('model_run');
  const latest = await wh.json<{ model_version: string; periode: string }>(
    `SELECT p.model_version, strftime(p.periode, '%Y-%m') AS periode FROM prediction p
     ${hasRun ? 'LEFT JOIN model_run r USING (model_version)' : ''}
     GROUP BY p.model_version, p.periode ORDER BY p.periode DESC, ${hasRun ? 'max(r.created_at) DESC NULLS LAST,' : ''} p.model_version DESC LIMIT 1`,
  );
  if (latest.length === 0) throw new SfError(`no prediction in ${wh.path}: run sf predict first`, { file: wh.path });
  const { model_version: mv, periode } = latest[0];
  const P = `DATE '${periode}-01'`;
  const months = opts.months ?? 24;
  const from = `(${P} - INTERVAL ${months - 1} MONTH)`;
  const mvLit = `'${mv.replaceAll("'", "''")}'`;
  const exists = async (t: string) => wh.tableExists(t);
  const label = opts.label ?? defaultLabel(periode);
  const rows: Record<string, number> = {};

  const result = await store.transaction(async (tx) => {
    await seedReferences(tx);
    if (await exists('ref_naf'))
      rows.naf = await copyRows(wh, 'SELECT code, libelle, niveau FROM ref_naf', tx, 'naf', {
        onConflict: upsert('code', ['code', 'libelle', 'niveau']),
      });
    if (await exists('ref_categorie_juridique'))
      rows.categorie_juridique = await copyRows(
        wh,
        'SELECT code, libelle FROM ref_categorie_juridique',
        tx,
        'categorie_juridique',
        { onConflict: upsert('code', ['code', 'libelle']) },
      );

    const [liste] = await tx.query<{ id: number }>(
      `INSERT INTO liste (label, periode, model_version, modele) VALUES ($1, $2, $3, $4) RETURNING id`,
      [label, `${periode}-01`, mv, JSON.stringify(await modelCard(wh, mv))],
    );
    const id = liste.id;

    // Companies and establishments (identity: public register) — upserted, never deleted
    const effEnt = (await exists('clean_effectif_ent'))
      ? `LEFT JOIN (SELECT siren, arg_max(effectif, periode) AS effectif, max(periode) AS effectif_periode
                    FROM clean_effectif_ent WHERE periode <= ${P} GROUP BY siren) ee USING (siren)`
      : 'LEFT JOIN (SELECT NULL::VARCHAR AS siren, NULL::DOUBLE AS effectif, NULL::DATE AS effectif_periode) ee USING (siren)';
    const procol = (await exists('clean_procol_mensuel'))
      ? `LEFT JOIN (SELECT siren, arg_max(procol, periode) AS procol FROM clean_procol_mensuel
                    WHERE periode <= ${P} GROUP BY siren) pm USING (siren)`
      : 'LEFT JOIN (SELECT NULL::VARCHAR AS siren, NULL::VARCHAR AS procol) pm USING (siren)';
    const perim = (await exists('clean_perimetre'))
      ? 'LEFT JOIN clean_perimetre pe USING (siren)'
      : 'LEFT JOIN (SELECT NULL::VARCHAR AS siren, NULL::BOOLEAN AS inclus, NULL::VARCHAR AS raison) pe USING (siren)';
    const entCols = [
      'siren',
      'raison_sociale',
      'categorie_juridique',
      'naf',
      'naf_section',
      'date_creation',
      'est_actif',
      'siret_siege',
      'departement_siege',
      'nb_etablissements',
      'perimetre_inclus',
      'perimetre_raison',
      'departements',
      'procol',
      'effectif',
      'effectif_periode',
    ];
    rows.entreprise = await copyRows(
      wh,
      `SELECT e.siren, e.raison_sociale, e.categorie_juridique, e.naf, e.naf_section, e.date_creation, e.est_actif,
              e.siret_siege, e.departement_siege, e.nb_etablissements, pe.inclus AS perimetre_inclus,
              pe.raison AS perimetre_raison, COALESCE(d.departements, []) AS departements,
              COALESCE(pm.procol, 'in_bonis') AS procol, ee.effectif, ee.effectif_periode
       FROM clean_entreprise e ${perim} ${procol} ${effEnt}
       LEFT JOIN (SELECT siren, list(DISTINCT departement ORDER BY departement) AS departements
                  FROM clean_etablissement WHERE departement IS NOT NULL GROUP BY siren) d USING (siren)`,
      tx,
      'entreprise',
      { onConflict: upsert('siren', entCols) },
    );
    const effEtab = (await exists('clean_effectif'))
      ? `LEFT JOIN (SELECT siret, arg_max(effectif, periode) AS effectif FROM clean_effectif
                    WHERE periode <= ${P} GROUP BY siret) ef USING (siret)`
      : 'LEFT JOIN (SELECT NULL::VARCHAR AS siret, NULL::DOUBLE AS effectif) ef USING (siret)';
    const etabCols = [
      'siret',
      'siren',
      'siege',
      'est_actif',
      'adresse',
      'code_postal',
      'commune',
      'code_commune',
      'departement',
      'region',
      'naf',
      'date_creation',
      'longitude',
      'latitude',
      'effectif',
    ];
    rows.etablissement = await copyRows(
      wh,
      `SELECT ${etabCols.map((c) => (c === 'effectif' ? 'ef.effectif' : `t.${c}`)).join(', ')}
       FROM clean_etablissement t ${effEtab}`,
      tx,
      'etablissement',
      { onConflict: upsert('siret', etabCols) },
    );

    // Predictions and explanations of the list
    const figures = await rowFigures(wh, P);
    rows.prediction = await copyRows(
      wh,
      `SELECT ${id} AS liste_id, p.siren, p.probability, p.alert, p.base_rate, ${figures.columns}
       FROM prediction p ${figures.joins}
       WHERE p.model_version = ${mvLit} AND p.periode = ${P}`,
      tx,
      'prediction',
    );
    if (await exists('prediction_group'))
      rows.prediction_groupe = await copyRows(
        wh,
        `SELECT ${id} AS liste_id, siren, groupe, points FROM prediction_group
         WHERE model_version = ${mvLit} AND periode = ${P}`,
        tx,
        'prediction_groupe',
      );
    if (await exists('prediction_feature'))
      rows.prediction_variable = await copyRows(
        wh,
        `SELECT ${id} AS liste_id, siren, feature, CAST(valeur AS VARCHAR) AS valeur, points, rang, phrase FROM prediction_feature
         WHERE model_version = ${mvLit} AND periode = ${P}`,
        tx,
        'prediction_variable',
      );

    // List rows: every establishment of each alerted company, with what the filters and the page need
    const delai = (await exists('clean_delai'))
      ? `LEFT JOIN (SELECT DISTINCT t.siren FROM clean_delai d JOIN clean_etablissement t USING (siret)
                    WHERE d.periode = ${P}) dl ON dl.siren = p.siren`
      : 'LEFT JOIN (SELECT NULL::VARCHAR AS siren) dl ON dl.siren = p.siren';
    rows.alerte = await copyRows(
      wh,
      `SELECT ${id} AS liste_id, p.siren, t.siret, COALESCE(t.siege, false) AS siege, t.departement,
              e.raison_sociale, p.alert, p.probability, t.naf, e.naf_section, ef.effectif,
              ee.effectif AS effectif_entreprise, COALESCE(pm.procol, 'in_bonis') AS procol,
              dl.siren IS NOT NULL AS has_delai, e.date_creation, true AS premiere_alerte, t.est_actif, t.commune,
              ${figures.columns},
              -- the list's order as a number, for the index pages are read from
              row_number() OVER (ORDER BY ${listOrder('p.alert', 'p.probability', 't.siret')}) AS rang,
              (SELECT list(DISTINCT x.departement ORDER BY x.departement) FROM clean_etablissement x
               WHERE x.siren = p.siren AND x.departement IS NOT NULL) AS departements_entreprise
       FROM prediction p JOIN clean_entreprise e USING (siren) JOIN clean_etablissement t ON t.siren = p.siren
       ${effEtab} ${effEnt.replace('USING (siren)', 'ON ee.siren = p.siren')}
       ${procol.replace('USING (siren)', 'ON pm.siren = p.siren')} ${delai} ${figures.joins}
       WHERE p.model_version = ${mvLit} AND p.periode = ${P} AND p.alert IN ('fort', 'modere')
       -- a department's rows together on disk: a department's list reads a few pages, not one per row
       ORDER BY t.departement, p.siren, t.siret`,
      tx,
      'alerte',
    );
    // First alert: never alerted before in a published list, or red for the first time
    await tx.query(
      `UPDATE alerte a SET premiere_alerte = false
       WHERE a.liste_id = $1 AND EXISTS (
         SELECT 1 FROM prediction p JOIN liste l ON l.id = p.liste_id
         WHERE p.siren = a.siren AND p.liste_id <> $1 AND l.periode <= $2
           AND (p.alert = 'fort' OR (a.alert = 'modere' AND p.alert = 'modere')))`,
      [id, `${periode}-01`],
    );
    // the rows' stored JSON text, now that they are complete
    await tx.exec(LIGNES);
    await tx.query(
      `UPDATE entreprise e SET deja_alertee = true
       WHERE NOT e.deja_alertee AND e.siren IN (SELECT siren FROM alerte WHERE liste_id = $1)`,
      [id],
    );

    // Monthly series of the latest delivery for the cards' charts
    await tx.exec('TRUNCATE serie_etablissement, serie_entreprise, procol_evenement, exercice');
    rows.serie_etablissement = await copySeries(wh, tx, 'serie_etablissement', 'siret', from, P, [
      ['clean_effectif', { effectif: 'effectif' }],
      ['clean_cotisation', { cotisation: 'cotisation' }],
      ['clean_debit', { dette_ouvriere: 'dette_ouvriere', dette_patronale: 'dette_patronale' }],
      ['clean_delai', { montant_echeancier: 'montant_echeancier', duree_delai: 'duree_delai' }],
      ['clean_ccsf', { ccsf: 'ccsf_en_cours' }],
      [
        'clean_ap',
        {
          ap_heures_consommees: 'heures_consommees',
          ap_etp_consomme: 'etp_consomme',
          ap_heures_autorisees: 'heures_autorisees',
          ap_etp_autorise: 'etp_autorise',
          ap_effectif_autorise: 'effectif_autorise',
        },
      ],
    ]);
    rows.serie_entreprise = await copySeries(wh, tx, 'serie_entreprise', 'siren', from, P, [
      ['clean_effectif_ent', { effectif: 'effectif' }],
      ['clean_procol_mensuel', { procol: 'procol' }],
      ['clean_paydex', { paydex: 'paydex', fpi_30: 'fpi_30', fpi_90: 'fpi_90' }],
    ]);
    if (await exists('clean_procol'))
      rows.procol_evenement = await copyRows(
        wh,
        `SELECT siren, date_effet, action, stade FROM clean_procol WHERE date_effet <= ${P} + INTERVAL 1 MONTH`,
        tx,
        'procol_evenement',
      );
    if (await exists('clean_comptes'))
      rows.exercice = await copyRows(
        wh,
        `SELECT siren, date_cloture, any_value(disponible_le) AS disponible_le, COALESCE(source, '') AS source,
                any_value(chiffre_d_affaires) AS chiffre_d_affaires, any_value(ebe) AS ebe,
                any_value(resultat_net) AS resultat_net, any_value(to_json(c)::VARCHAR) AS ratios
         FROM clean_comptes c WHERE date_cloture <= ${P} AND date_cloture > ${P} - INTERVAL 6 YEAR
         GROUP BY siren, date_cloture, COALESCE(source, '')`,
        tx,
        'exercice',
        {
          map: (r) => {
            r.ratios = JSON.parse(r.ratios as string);
          },
        },
      );

    const cartes = await buildCartes(tx);
    rows.carte_entreprise = cartes.entreprises;
    rows.carte_etablissement = cartes.etablissements;

    const [counts] = await tx.query<{ n: number; fort: number; modere: number }>(
      `UPDATE liste SET
         nb_entreprises = (SELECT count(*) FROM prediction WHERE liste_id = $1),
         nb_fort = (SELECT count(*) FROM prediction WHERE liste_id = $1 AND alert = 'fort'),
         nb_modere = (SELECT count(*) FROM prediction WHERE liste_id = $1 AND alert = 'modere')
       WHERE id = $1 RETURNING nb_entreprises AS n, nb_fort AS fort, nb_modere AS modere`,
      [id],
    );
    return {
      id,
      label,
      periode,
      model_version: mv,
      nb_entreprises: counts.n,
      nb_fort: counts.fort,
      nb_modere: counts.modere,
      rows,
    };
  });
  // fresh statistics for the planner, and the row versions the publish's updates left (first alerts, the rows'
  // text) cleared, now, not whenever autovacuum comes by (PGlite has none)
  await store.exec(`VACUUM ANALYZE ${PUBLISHED_TABLES.join(', ')}`);
  return result;

  async function copySeries(
    w: Warehouse,
    tx: Sql,
    table: string,
    key: string,
    fromSql: string,
    toSql: string,
    sources: [string, Record<string, string>][],
  ): Promise<number> {
    const present: [string, Record<string, string>][] = [];
    for (const s of sources) if (await w.tableExists(s[0])) present.push(s);
    if (present.length === 0) return 0;
    const window = `periode BETWEEN ${fromSql} AND ${toSql}`;
    const keys = present.map(([t]) => `SELECT ${key}, periode FROM ${t} WHERE ${window}`).join(' UNION ');
    const cols = present.flatMap(([, m], i) => Object.entries(m).map(([to, fromCol]) => `s${i}.${fromCol} AS ${to}`));
    const joins = present.map(
      ([t], i) =>
        `LEFT JOIN (SELECT * FROM ${t} WHERE ${window}) s${i} ON s${i}.${key} = k.${key} AND s${i}.periode = k.periode`,
    );
    return copyRows(w, `SELECT k.${key}, k.periode, ${cols.join(', ')} FROM (${keys}) k ${joins.join(' ')}`, tx, table);
  }
}
