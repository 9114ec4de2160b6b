/**
 * Historical URSSAF files (before Dec 2025) carry an account number but no `Siret` column: the SIRET is the first
 * one mapped to that account (`raw_comptes`, sources.md §2.8) whose closing date is after the line's date (period
 * start, plan creation or treatment date). An account mapped to no SIRET at that date rejects the line (the
 * reference skipped it silently). Files with a `Siret` column use it directly.
 */
import { type Field, type InputColumn, q, siret } from './spec.ts';

export function siretOrAccount(
  header: string[],
  siretCol: InputColumn,
  accountCol: InputColumn,
  dateExpr: string,
): { field: Field; columns: InputColumn[] } {
  const hasSiret = header.length === 0 || header.some((h) => h.toLowerCase() === siretCol.header.toLowerCase());
  if (hasSiret) return { field: siret('siret', siretCol), columns: [siretCol] };
  const account = q(accountCol.as);
  const expr = `(SELECT m.siret FROM raw_comptes m
      WHERE m.numero_compte = ${account} AND m.date_fermeture > ${dateExpr} AND sf_is_siret(m.siret)
      ORDER BY m.date_fermeture LIMIT 1)`;
  return {
    columns: [],
    field: {
      name: 'siret',
      expr,
      rejects: [
        {
          field: accountCol.header,
          value: account,
          when: `NOT sf_blank(${account}) AND "f:siret" IS NULL`,
          reason: 'account mapped to no SIRET at that date (sigfaible_etablissement_utf8.csv)',
        },
      ],
    },
  };
}
