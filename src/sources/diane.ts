import { type Check, type InputColumn, list, type Plan, q, type SourceSpec } from './spec.ts';

/**
 * Bureau van Dijk "Diane" accounts (sources.md §6.2, historical): UTF-16LE, `;`, wide by year (`<name> YYYY`).
 * Pivoted here in SQL: one output row per company and year that has a closing date. Amounts stay in kEUR as
 * delivered (the clean layer converts). Numeric cells that do not parse are left NULL with a warning, as the
 * reference did; only the SIREN is required (an export missing some ratio columns stays usable).
 */
type Kind = 'text' | 'int' | 'float' | 'date' | 'bool';
export const DIANE_FIELDS: [string, string, Kind][] = [
  ["Nom de l'entreprise", 'nom_entreprise', 'text'],
  ['Numéro Siren', 'numero_siren', 'text'],
  ['Statut juridique ', 'statut_juridique', 'text'],
  ['Procédure collective', 'procedure_collective', 'bool'],
  ['Effectif consolidé', 'effectif_consolide', 'int'],
  ['Dettes fiscales et sociales kEUR', 'dette_fiscale_et_sociale', 'float'],
  ['Frais de R&D : net kEUR', 'frais_de_RetD', 'float'],
  ['Conces., brev. et droits sim. : net kEUR', 'conces_brev_et_droits_sim', 'float'],
  ['Nombre d’ES', 'nombre_etab_secondaire', 'int'],
  ['Nombre de filiales', 'nombre_filiale', 'int'],
  ['Taille de la Composition du Groupe', 'taille_compo_groupe', 'int'],
  ['Date de clôture', 'arrete_bilan_diane', 'date'],
  ['Nombre de mois', 'nombre_mois', 'int'],
  ['Conc. banc. cour. & sold. cr. kEUR', 'concours_bancaire_courant', 'float'],
  ['Equilibre financier', 'equilibre_financier', 'float'],
  ['Indépendance fin. %', 'independance_financiere', 'float'],
  ['Endettement %', 'endettement', 'float'],
  ['Autonomie fin. %', 'autonomie_financiere', 'float'],
  ["Degré d'amort. des immob. corp. %", 'degre_immo_corporelle', 'float'],
  ["Financ. de l'actif circ. net", 'financement_actif_circulant', 'float'],
  ['Liquidité générale', 'liquidite_generale', 'float'],
  ['Liquidité réduite', 'liquidite_reduite', 'float'],
  ['Rotation des stocks jours', 'rotation_stocks', 'float'],
  ['Crédit clients jours', 'credit_client', 'float'],
  ['Crédit fournisseurs jours', 'credit_fournisseur', 'float'],
  ['C. A. par effectif (milliers/pers.) kEUR', 'ca_par_effectif', 'float'],
  ["Taux d'intérêt financier %", 'taux_interet_financier', 'float'],
  ["Intérêts / Chiffre d'affaires %", 'taux_interet_sur_ca', 'float'],
  ['Endettement global jours', 'endettement_global', 'float'],
  ["Taux d'endettement %", 'taux_endettement', 'float'],
  ['Capacité de remboursement', 'capacite_remboursement', 'float'],
  ["Capacité d'autofin. %", 'capacite_autofinancement', 'float'],
  ['Couv. du C.A. par le f.d.r. jours', 'couverture_ca_fdr', 'float'],
  ['Couv. du C.A. par bes. en fdr jours', 'couverture_ca_besoin_fdr', 'float'],
  ["Poids des BFR d'exploitation %", 'poids_bfr_exploitation', 'float'],
  ['Exportation %', 'exportation', 'float'],
  ['Efficacité économique (milliers/pers.) kEUR', 'efficacite_economique', 'float'],
  ['Prod. du potentiel de production', 'productivite_potentiel_production', 'float'],
  ['Productivité du capital financier', 'productivite_capital_financier', 'float'],
  ['Productivité du capital investi', 'productivite_capital_investi', 'float'],
  ["Taux d'invest. productif %", 'taux_d_investissement_productif', 'float'],
  ['Rentabilité économique %', 'rentabilite_economique', 'float'],
  ['Performance %', 'performance', 'float'],
  ['Rend. brut des f. propres nets %', 'rendement_brut_fonds_propres', 'float'],
  ['Rentabilité nette %', 'rentabilite_nette', 'float'],
  ['Rend. des capitaux propres nets %', 'rendement_capitaux_propres', 'float'],
  ['Rend. des res. durables nettes %', 'rendement_ressources_durables', 'float'],
  ['Taux de marge commerciale %', 'taux_marge_commerciale', 'float'],
  ['Taux de valeur ajoutée %', 'taux_valeur_ajoutee', 'float'],
  ['Part des salariés %', 'part_salaries', 'float'],
  ["Part de l'Etat %", 'part_etat', 'float'],
  ['Part des prêteurs %', 'part_preteur', 'float'],
  ["Part de l'autofin. %", 'part_autofinancement', 'float'],
  ["Chiffre d'affaires net (H.T.) kEUR", 'ca', 'float'],
  ['Dont exportation kEUR', 'ca_exportation', 'float'],
  ['Achats march. et autres approv. kEUR', 'achat_marchandises', 'float'],
  ['Achats de mat. prem. et autres approv. kEUR', 'achat_matieres_premieres', 'float'],
  ["Production de l'ex. kEUR", 'production', 'float'],
  ['Marge commerciale kEUR', 'marge_commerciale', 'float'],
  ["Consommation de l'ex. kEUR", 'consommation', 'float'],
  ['Autres achats et charges externes kEUR', 'autres_achats_charges_externes', 'float'],
  ['Valeur ajoutée kEUR', 'valeur_ajoutee', 'float'],
  ['Charges de personnel kEUR', 'charge_personnel', 'float'],
  ['Impôts, taxes et vers. assimil. kEUR', 'impots_taxes', 'float'],
  ["Subventions d'expl. kEUR", 'subventions_d_exploitation', 'float'],
  ["Excédent brut d'exploitation kEUR", 'excedent_brut_d_exploitation', 'float'],
  ['Autres Prod., char. et Repr. kEUR', 'autres_produits_charges_reprises', 'float'],
  ["Dot. d'exploit. aux amort. et prov. kEUR", 'dotation_amortissement', 'float'],
  ["Résultat d'expl. kEUR", 'resultat_expl', 'float'],
  ['Opérations en commun kEUR', 'operations_commun', 'float'],
  ['Produits fin. kEUR', 'produits_financiers', 'float'],
  ['Charges fin. kEUR', 'charges_financieres', 'float'],
  ['Intérêts et charges assimilées kEUR', 'interets', 'float'],
  ['Résultat courant avant impôts kEUR', 'resultat_avant_impot', 'float'],
  ['Produits except. kEUR', 'produit_exceptionnel', 'float'],
  ['Charges except. kEUR', 'charge_exceptionnelle', 'float'],
  ['Particip. des sal. aux résul. kEUR', 'participation_salaries', 'float'],
  ['Impôts sur le bénéf. et impôts diff. kEUR', 'impot_benefice', 'float'],
  ['Bénéfice ou perte kEUR', 'benefice_ou_perte', 'float'],
];

const MACRO: Record<Kind, string> = {
  text: '',
  int: 'sf_int',
  float: 'sf_comma_float',
  date: 'sf_date_dmy',
  bool: '',
};

const YEARLY = /^(.*) ([0-9]{4})$/;

function dianePlan(header: string[]): Plan {
  const columns: InputColumn[] = [];
  const statics = new Map<string, string>(); // base name → alias
  const yearly = new Map<string, Map<number, string>>(); // base name → year → alias
  header.forEach((h, i) => {
    const m = YEARLY.exec(h);
    const alias = `c${i}`;
    if (m) {
      const base = m[1].replace(/ {2,}/g, ' ');
      if (!yearly.has(base)) yearly.set(base, new Map());
      yearly.get(base)!.set(Number(m[2]), alias);
    } else statics.set(h, alias);
    columns.push({ header: h, as: alias, optional: true });
  });
  if (header.length > 0 && !statics.has('Numéro Siren')) columns.push({ header: 'Numéro Siren', as: 'missing_siren' }); // makes the file fail: no key
  const years = [...new Set([...yearly.values()].flatMap((m) => [...m.keys()]))].sort();
  const cell = (name: string, year: number): string | null => yearly.get(name)?.get(year) ?? statics.get(name) ?? null;
  const perYear = (year: number | null): string => {
    const warnings: Check[] = [];
    const raws: string[] = [];
    const exprs = DIANE_FIELDS.map(([h, name, kind]) => {
      const alias = year === null ? null : cell(h, year);
      if (alias === null)
        return `CAST(NULL AS ${kind === 'text' ? 'VARCHAR' : kind === 'int' ? 'BIGINT' : kind === 'float' ? 'DOUBLE' : kind === 'date' ? 'DATE' : 'BOOLEAN'}) AS ${q(name)}`;
      const raw = q(alias);
      if (kind === 'text') return `nullif(${raw}, '') AS ${q(name)}`;
      if (kind === 'bool') return `${raw} = 'Oui' AS ${q(name)}`;
      const field = year !== null && yearly.get(h)?.has(year) ? `${h} ${year}` : h;
      // The check reads the decoded value: each cell is decoded once (this file has ~800 such cells a line).
      raws.push(raw);
      warnings.push({
        field,
        value: raw,
        when: `NOT sf_blank(${raw}) AND ${q(name)} IS NULL`,
        reason: `not a ${kind === 'date' ? 'date DD/MM/YYYY' : 'number'}: ignored`,
      });
      return `${MACRO[kind]}(${raw}) AS ${q(name)}`;
    });
    const sirenAlias = statics.get('Numéro Siren');
    const siren = sirenAlias ? q(sirenAlias) : 'CAST(NULL AS VARCHAR)';
    const closing = year === null ? null : cell('Date de clôture', year);
    const sirenCheck: Check = {
      field: 'Numéro Siren',
      value: siren,
      when: `NOT regexp_full_match(coalesce(${siren}, ''), '[0-9]{9}')`,
      reason: 'not a SIREN (9 digits)',
    };
    const carried = [...new Set([...raws, ...(sirenAlias ? [siren] : [])])];
    const decodedRow = `SELECT line, ${exprs.join(', ')}${carried.map((r) => `, ${r}`).join('')}
      FROM sf_stg WHERE ${closing === null ? 'false' : `NOT sf_blank(${q(closing)})`}`;
    return `SELECT line, ${year ?? 'CAST(NULL AS BIGINT)'} AS exercice_diane, ${DIANE_FIELDS.map(([, name]) => q(name)).join(', ')},
        ${list([sirenCheck])} AS _rejects, ${list(warnings)} AS _warnings
      FROM (${decodedRow})`;
  };
  const select = years.length === 0 ? perYear(null) : years.map(perYear).join('\nUNION ALL\n');
  return { columns, select: `SELECT * FROM (${select})`, unique: undefined };
}

const diane: SourceSpec = {
  id: 'diane',
  table: 'raw_diane',
  description: 'Diane accounts (historical), diane*.csv (UTF-16LE, wide by year)',
  match: (name) => /^diane/i.test(name),
  delimiter: ';',
  lazyQuotes: true,
  exactHeader: true,
  plan: dianePlan,
};

export default diane;
