import { FEATURES, type Feature, featuresByGroup, GROUPS, type Group, PUBLICATION_LAG } from './catalogue.ts';
import { HORIZON } from './target.ts';

const cell = (text: string) => text.replaceAll('|', '\\|');

const row = (f: Feature) =>
  `| \`${f.name}\` | ${cell(f.meaning)} | ${f.unit} | ${f.kind} | ${cell(f.source)} | ${cell(f.label)} |`;

/** `docs/features.md`, generated from the catalogue (`npx tsx scripts/features-doc.ts`). */
export function renderDictionary(): string {
  const groups = featuresByGroup();
  const lines = [
    '# The panel: feature dictionary',
    '',
    '<!-- Generated from src/features/catalogue.ts by `npx tsx scripts/features-doc.ts`. Do not edit. -->',
    '',
    'Table `panel` of the analytical store, built by `sf features`: one row per company (`siren`) and month',
    '(`periode`, first day of the month), from 2016-01 (or `--from`) to the latest month with data (or `--to`).',
    '',
    'Rules that hold for every column:',
    '',
    '- **As known at the month.** A feature of month t uses only what a delivery made at the end of month t holds,',
    '  by the same rule for every month: a source published k months late counts from month p + k for its data of',
    '  month p (table below), so the latest, scored months see each source at the same age as the training months',
    '  (no burst of missing values at the end of the panel). Annual accounts count from their availability month',
    '  (closing month + 7), never from inside the fiscal year; debt, plans, CCSF, partial-activity',
    '  authorisations, judgments and Sirene count in their own month.',
    '- **Calendar months.** `_lagKm` is the value K calendar months earlier (NULL if that month is unknown);',
    '  `_meanNm` averages the known values of the N months ending with the month; `_varKm` = value − `_lagKm`.',
    '- **Missing stays missing (NULL)**, except where 0 is a fact: no debt, plan or CCSF for a company known to',
    '  URSSAF; no partial activity once the DGEFP source covers the month.',
    '- **Rows**: a company has rows from its creation month on, while contributions or headcount became known in',
    '  the last 12 months (so its first rows wait for its first published figures); no row is dropped for a missing',
    '  value.',
    '',
    'Publication lags (`PUBLICATION_LAG` in `src/features/catalogue.ts`):',
    '',
    '| Source | Tables | Lag (months) | Why |',
    '| --- | --- | --- | --- |',
    ...Object.entries(PUBLICATION_LAG).map(
      ([name, l]) => `| ${name} | ${cell(l.table)} | ${l.months} | ${cell(l.why)} |`,
    ),
    '',
    `${FEATURES.length} features:`,
    '',
    '| Group | Label | Features |',
    '| --- | --- | --- |',
    ...Object.entries(groups).map(([g, list]) => `| \`${g}\` | ${GROUPS[g as Group]} | ${list.length} |`),
    '',
  ];
  for (const [g, list] of Object.entries(groups)) {
    lines.push(
      `## ${GROUPS[g as Group]} (\`${g}\`)`,
      '',
      '| Name | Meaning | Unit | Kind | Source | Libellé |',
      '| --- | --- | --- | --- | --- | --- |',
      ...list.map(row),
      '',
    );
  }
  lines.push(
    '## Keys, perimeter and target',
    '',
    '| Name | Meaning |',
    '| --- | --- |',
    '| `siren` | company (9 digits, text) |',
    '| `periode` | month (DATE, first day; `YYYY-MM` in exports) |',
    '| `perimetre_raison` | NULL when the company is in the perimeter that month; else why not: a reason of `clean_perimetre` (`hors_filtre`, `categorie_juridique_publique`, `naf_exclu`, `siege_etranger`, `absent_sirene`) or `effectif_insuffisant` (no month with 10 employees or more in the last 36, as known at the month; not applied when an imported `filter` file defined the perimeter, whose listed companies stay in whatever their headcount) |',
    '| `already_in_procedure` | the month is on or after the first opening judgment (sauvegarde, redressement, liquidation): a strong signal, left out of training and of the default evaluation |',
    `| \`failure_18m\` | 1 when the first opening judgment falls in the ${HORIZON} months after the month, 0 when it does not and those ${HORIZON} months are observed; NULL when they are not yet observed, and on strong-signal months |`,
    '',
  );
  return lines.join('\n');
}
