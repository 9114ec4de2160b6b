/**
 * `sf inspect SIREN`: everything the clean layer knows about one company, month by month (contract in cli.md).
 * Months default to the company's first month with monthly data up to `delivery_info.last_month`.
 */
import { SfError } from '../common/errors.ts';
import { monthIndex, monthText } from '../common/months.ts';
import type { Warehouse } from './db.ts';

export interface InspectOptions {
  from?: string;
  to?: string;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function inspectCompany(db: Warehouse, siren: string, options: InspectOptions = {}) {
  if (!(await db.tableExists('delivery_info')))
    throw new SfError('the store has no clean layer yet: run `sf import` first');
  const p = [siren];
  const ent = await db.json<Record<string, unknown>>(
    `SELECT e.*, p.inclus, p.raison FROM clean_entreprise e FULL JOIN clean_perimetre p USING (siren) WHERE siren = $1`,
    p,
  );
  const etabs = await db.json<Record<string, unknown>>(
    `SELECT siret, siege, departement, code_commune, est_actif FROM clean_etablissement WHERE siren = $1 ORDER BY siret`,
    p,
  );
  // Monthly data of the company's establishments (SIRET-scoped tables) and of the company itself.
  const bySiret = (table: string, cols: string) =>
    `SELECT periode, ${cols} FROM ${table} WHERE substr(siret, 1, 9) = $1 GROUP BY periode`;
  const monthly = `
    WITH eff_ent AS (SELECT periode, effectif AS effectif_ent FROM clean_effectif_ent WHERE siren = $1),
    eff AS (${bySiret('clean_effectif', 'sum(effectif) AS effectif_etab')}),
    cot AS (${bySiret('clean_cotisation', 'sum(cotisation) AS cotisation')}),
    deb AS (${bySiret('clean_debit', 'sum(dette_ouvriere) AS dette_ouvriere, sum(dette_patronale) AS dette_patronale')}),
    ap AS (${bySiret('clean_ap', 'sum(heures_consommees) AS ap_heures_consommees, sum(etp_autorise) AS ap_etp_autorise')}),
    del AS (${bySiret('clean_delai', 'true AS delai_en_cours')}),
    pro AS (SELECT periode, procol FROM clean_procol_mensuel WHERE siren = $1),
    months AS (SELECT periode FROM eff_ent UNION SELECT periode FROM eff UNION SELECT periode FROM cot
      UNION SELECT periode FROM deb UNION SELECT periode FROM ap UNION SELECT periode FROM del UNION SELECT periode FROM pro)
    SELECT strftime(min(periode), '%Y-%m') AS first, strftime((SELECT last_month FROM delivery_info), '%Y-%m') AS last
    FROM months`;
  const bounds = await db.one<{ first: string | null; last: string | null }>(monthly, p);
  const known = ent.length > 0 || etabs.length > 0 || bounds?.first;
  if (!known) throw new SfError(`unknown SIREN ${siren}: not in the store`);
  const last = bounds?.last ?? bounds?.first ?? monthText(monthIndex(new Date().toISOString().slice(0, 7)));
  const to = options.to ?? last;
  const from = options.from ?? bounds?.first ?? to;
  const rows =
    monthIndex(from) > monthIndex(to)
      ? []
      : await db.json<Record<string, unknown>>(
          `${monthly.replace(/SELECT strftime\(min[\s\S]*$/, '')}
          SELECT strftime(m.p, '%Y-%m') AS periode, coalesce(eff_ent.effectif_ent, eff.effectif_etab) AS effectif,
            cot.cotisation, deb.dette_ouvriere, deb.dette_patronale, ap.ap_heures_consommees, ap.ap_etp_autorise,
            coalesce(del.delai_en_cours, false) AS delai_en_cours, coalesce(pro.procol, 'in_bonis') AS procol
          FROM (SELECT CAST(unnest(generate_series(CAST($2 AS DATE), CAST($3 AS DATE), INTERVAL 1 MONTH)) AS DATE) AS p) m
          LEFT JOIN eff_ent ON eff_ent.periode = m.p LEFT JOIN eff ON eff.periode = m.p
          LEFT JOIN cot ON cot.periode = m.p LEFT JOIN deb ON deb.periode = m.p LEFT JOIN ap ON ap.periode = m.p
          LEFT JOIN del ON del.periode = m.p LEFT JOIN pro ON pro.periode = m.p
          ORDER BY m.p`,
          [siren, `${from}-01`, `${to}-01`],
        );
  const comptes = await db.json<Record<string, unknown>>(
    `SELECT strftime(date_cloture, '%Y-%m-%d') AS date_cloture, strftime(disponible_le, '%Y-%m') AS disponible_le,
       source, chiffre_d_affaires, ebe, resultat_net
     FROM clean_comptes WHERE siren = $1 ORDER BY date_cloture`,
    p,
  );
  const paydex = await db.json<Record<string, unknown>>(
    `SELECT strftime(periode, '%Y-%m') AS periode, paydex AS jours, fpi_30, fpi_90
     FROM clean_paydex WHERE siren = $1 AND periode BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE) ORDER BY periode`,
    [siren, `${from}-01`, `${to}-01`],
  );
  let prediction = null;
  if (await db.tableExists('prediction')) {
    const pred = await db.json<Record<string, unknown>>(
      `SELECT strftime(periode, '%Y-%m') AS periode, probability, alert FROM prediction
       WHERE siren = $1 AND periode <= CAST($2 AS DATE) ORDER BY periode DESC LIMIT 1`,
      [siren, `${to}-01`],
    );
    if (pred[0]) prediction = { periode: pred[0].periode, probability: num(pred[0].probability), alert: pred[0].alert };
  }
  const e = ent[0] ?? {};
  return {
    siren,
    raison_sociale: (e.raison_sociale as string | undefined) ?? null,
    categorie_juridique: (e.categorie_juridique as string | undefined) ?? null,
    naf: (e.naf as string | undefined) ?? null,
    perimetre: {
      inclus: e.inclus === true,
      raison:
        (e.raison as string | undefined) ?? (e.inclus === undefined || e.inclus === null ? 'absent_sirene' : null),
    },
    etablissements: etabs.map((r) => ({
      siret: r.siret,
      siege: r.siege,
      departement: r.departement ?? null,
      code_commune: r.code_commune ?? null,
      actif: r.est_actif,
    })),
    mensuel: rows.map((r) => ({
      periode: r.periode,
      effectif: num(r.effectif),
      cotisation: num(r.cotisation),
      dette_ouvriere: num(r.dette_ouvriere),
      dette_patronale: num(r.dette_patronale),
      ap_heures_consommees: num(r.ap_heures_consommees),
      ap_etp_autorise: num(r.ap_etp_autorise),
      delai_en_cours: r.delai_en_cours,
      procol: r.procol,
    })),
    comptes_annuels: comptes.map((r) => ({
      date_cloture: r.date_cloture,
      disponible_le: r.disponible_le,
      source: r.source,
      chiffre_d_affaires: num(r.chiffre_d_affaires),
      ebe: num(r.ebe),
      resultat_net: num(r.resultat_net),
    })),
    paydex: paydex.map((r) => ({
      periode: r.periode,
      jours: num(r.jours),
      fpi_30: num(r.fpi_30),
      fpi_90: num(r.fpi_90),
    })),
    prediction,
  };
}
