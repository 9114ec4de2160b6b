// Texts of the "?" buttons: what each block shows, where its data come from and how late they arrive.
export interface Help {
  titre: string;
  texte: string;
  source: string;
  delai: string;
}

export const HELP: Record<string, Help> = {
  liste: {
    titre: 'Liste de détection',
    texte:
      'Entreprises dont la probabilité d’entrer en procédure collective dans les 18 mois dépasse un seuil. Risque fort : seuil qui maximise la précision (F0,5) ; risque modéré : seuil qui maximise le rappel (F2).',
    source:
      'Modèle Signaux Faibles, calculé sur les données URSSAF, DGEFP, Sirene, comptes annuels et délais de paiement.',
    delai:
      'Publiée chaque mois ; les données sociales ont environ un mois de retard, les bilans 7 mois après la clôture.',
  },
  identite: {
    titre: 'Identité',
    texte: 'Raison sociale, adresse, activité, forme juridique et date de création issues du répertoire public.',
    source: 'Répertoire Sirene (INSEE), données publiques.',
    delai: 'Mise à jour mensuelle.',
  },
  detection: {
    titre: 'Détection Signaux Faibles',
    texte:
      'Probabilité de défaillance à 18 mois et contribution de chaque thème (en points de pourcentage) : en rouge ce qui aggrave le risque, en vert ce qui le réduit. Les trois phrases décrivent les variables les plus influentes.',
    source: 'Modèle Signaux Faibles (explications par valeurs de Shapley, regroupées par thème).',
    delai: 'Calculée à la publication de la liste, sur les données du mois de la liste.',
  },
  historique: {
    titre: 'Historique des alertes',
    texte: 'Niveau d’alerte de l’entreprise dans chacune des listes publiées.',
    source: 'Listes de détection publiées.',
    delai: 'Une entrée par liste.',
  },
  procol: {
    titre: 'Procédures collectives',
    texte:
      'État de la dernière procédure connue (sauvegarde, redressement, liquidation) et historique des jugements. Les données peuvent différer du BODACC.',
    source: 'URSSAF (procédures collectives déclarées).',
    delai: 'Environ un mois.',
  },
  effectif: {
    titre: 'Effectifs et activité partielle',
    texte:
      'Effectif salarié mensuel ; autorisations d’activité partielle (salariés autorisés, en équivalents temps plein) et consommation (heures ÷ 151,67).',
    source: 'Effectifs : URSSAF (DSN). Activité partielle : DGEFP (SI APART).',
    delai: 'Effectifs : un à deux mois. Activité partielle : environ un mois.',
  },
  urssaf: {
    titre: 'Cotisations, impayés et délais URSSAF',
    texte:
      'Cotisations appelées, dette restante (part patronale et part salariale) et montant des échéanciers de paiement en cours.',
    source: 'URSSAF.',
    delai: 'Environ un mois ; les échéanciers sont une donnée expérimentale.',
  },
  finances: {
    titre: 'Informations financières',
    texte: 'Chiffre d’affaires, excédent brut d’exploitation (EBE), résultat net et ratios des derniers exercices.',
    source: 'Comptes annuels publics (INPI / BCE) et ratios Banque de France quand disponibles.',
    delai: 'Disponibles environ 7 mois après la clôture de l’exercice.',
  },
  paydex: {
    titre: 'Comportement de paiement',
    texte:
      'Paydex : retard moyen de paiement des fournisseurs, en jours. FPI : part des encours payés avec plus de 30 ou 90 jours de retard.',
    source: 'Altares / Dun & Bradstreet.',
    delai: 'Mensuel, environ un mois.',
  },
  etablissements: {
    titre: 'Établissements',
    texte: 'Établissements de l’entreprise, siège en premier, avec leur effectif.',
    source: 'Répertoire Sirene (INSEE) et URSSAF pour les effectifs.',
    delai: 'Mise à jour mensuelle.',
  },
  commentaires: {
    titre: 'Commentaires',
    texte:
      'Échanges entre les agents habilités sur cette entreprise. Visibles des seuls agents qui peuvent voir sa détection.',
    source: 'Saisis par les agents.',
    delai: 'Immédiat.',
  },
  carte: {
    titre: 'Carte des alertes',
    texte:
      'Nombre d’entreprises en alerte par département, dans votre zone, pour la liste choisie. Cliquez sur un département pour ouvrir la liste filtrée.',
    source: 'Liste de détection choisie.',
    delai: 'Mise à jour à chaque publication.',
  },
  suivis: {
    titre: 'Mes suivis',
    texte:
      'Entreprises que vous suivez, avec le motif déclaré. Suivre une entreprise déverrouille ses données confidentielles pour vous.',
    source: 'Vos déclarations de suivi.',
    delai: 'Immédiat.',
  },
};
