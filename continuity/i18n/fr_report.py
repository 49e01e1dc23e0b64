"""French for the downtime period's report (PDF, HTML, and its command)."""

CATALOGUE = {
    # the command and its refusals
    "Period report written to {out}.": "Rapport de la période écrit dans {out}.",
    "Write the report to a .pdf or .html file (not {name}).": "Écrivez le rapport dans un fichier .pdf ou .html (pas {name}).",
    "{path} is a folder: give a file name ending in .pdf or .html.":
        "{path} est un dossier : donnez un nom de fichier finissant par .pdf ou .html.",
    # title, header, period
    "Downtime period report": "Rapport de la période de fonctionnement dégradé",
    "Period from {first} to {last} (ward time, {zone})": "Période du {first} au {last} (heure du service, {zone})",
    "No activity: no laptop's data has been added to this workspace.":
        "Aucune activité : aucune donnée de portable n'a été ajoutée à cet espace de travail.",
    "Nothing happened in this period as far as this workspace knows: add the laptops' folders (continuity reconcile add) "
    "and write the report again.":
        "Rien ne s'est passé dans cette période pour ce que sait cet espace de travail : ajoutez les dossiers des portables "
        "(continuity reconcile add) et écrivez le rapport à nouveau.",
    "Written on {at} by {user}": "Écrit le {at} par {user}",
    # ward and period
    "Ward and period": "Service et période",
    "Subject": "Sujet",
    "Value": "Valeur",
    "Ward": "Service",
    "First activity": "Première activité",
    "Last activity": "Dernière activité",
    "Laptops heard from": "Portables dont on a des nouvelles",
    "Admissions, births, transfers, discharges": "Admissions, naissances, mutations, sorties",
    "Cancelled movements": "Mouvements annulés",
    "Conflicts": "Conflits",
    "Items still blocking the export": "Points bloquant encore l'export",
    # activity
    "Admissions": "Admissions",
    "Births": "Naissances",
    "Transfers": "Mutations",
    "Discharges": "Sorties",
    "Activity per unit": "Activité par unité",
    "Activity per day": "Activité par jour",
    "Per day and unit:": "Par jour et par unité :",
    "Per day and unit: the period has {days} days with activity, too many to print; the report's data (--json) holds them.":
        "Par jour et par unité : la période compte {days} jours d'activité, trop pour les imprimer ; les données du rapport "
        "(--json) les contiennent.",
    "Unit": "Unité",
    "Day": "Jour",
    "Total": "Total",
    "None.": "Néant.",
    "Counted per patient: a mother transferred with her twins counts three transfers; a newborn counts as a birth, not an "
    "admission. A transfer belongs to the unit it leads to, a discharge to the unit left. Cancelled movements are not counted.":
        "Compté par patient : une mère mutée avec ses jumeaux compte trois mutations ; un nouveau-né compte comme une naissance, "
        "pas comme une admission. Une mutation compte pour l'unité d'arrivée, une sortie pour l'unité quittée. Les mouvements "
        "annulés ne sont pas comptés.",
    # occupancy
    "Beds occupied over time": "Lits occupés au fil du temps",
    "Beds occupied": "Lits occupés",
    "No movement: nothing to draw.": "Aucun mouvement : rien à tracer.",
    "Beds occupied in each unit, hour by hour: a bed counts in an hour when a patient held it at some moment of it. The dashed "
    "line is the unit's number of beds.":
        "Lits occupés dans chaque unité, heure par heure : un lit compte dans une heure quand une patiente l'a occupé à un moment "
        "de cette heure. La ligne en tirets est le nombre de lits de l'unité.",
    "Beds occupied in each unit, every {hours} hours: a bed counts in an interval when a patient held it at some moment of it. "
    "The dashed line is the unit's number of beds.":
        "Lits occupés dans chaque unité, toutes les {hours} heures : un lit compte dans un intervalle quand une patiente l'a "
        "occupé à un moment de cet intervalle. La ligne en tirets est le nombre de lits de l'unité.",
    "Ward time ({zone}), from {first} to {last}": "Heure du service ({zone}), du {first} au {last}",
    "peak {peak} of {beds} beds": "maximum {peak} sur {beds} lits",
    "Beds": "Lits",
    "Peak on the chart": "Maximum sur le graphique",
    # conflicts
    "Conflicts and how they were settled": "Conflits et leur règlement",
    "No conflict in this period.": "Aucun conflit dans cette période.",
    "No.": "N°",
    "Record": "Dossier",
    "Field": "Champ",
    "Value kept": "Valeur gardée",
    "Value set aside": "Valeur écartée",
    "Decision": "Décision",
    "By": "Par",
    "When": "Quand",
    "not decided yet": "pas encore décidé",
    "value in force kept": "valeur en vigueur gardée",
    "other value brought back": "autre valeur rétablie",
    "settled by a later edit": "réglé par une modification ultérieure",
    "acknowledged": "pris en compte",
    "Each conflict is two laptops changing the same field while apart. Which laptop typed which value, and when, is in the "
    "workspace's conflict list (continuity reconcile conflicts).":
        "Chaque conflit est un même champ modifié sur deux portables séparés. Quel portable a saisi quelle valeur, et quand, "
        "figure dans la liste des conflits de l'espace de travail (continuity reconcile conflicts).",
    # duplicates
    "Duplicates": "Doublons",
    "Identities merged:": "Identités fusionnées :",
    "Identity kept": "Identité gardée",
    "Identity merged into it": "Identité fusionnée dans celle-ci",
    "Reason": "Motif",
    "State": "État",
    "in force": "en vigueur",
    "undone on {at} by {user}: {reason}": "défaite le {at} par {user} : {reason}",
    "Declared different people:": "Déclarées personnes différentes :",
    "Identity": "Identité",
    "Other identity": "Autre identité",
    # sign-offs and forced exports
    "Gaps and forks signed off, forced exports": "Trous et divergences validés, exports forcés",
    "missing bundles": "paquets manquants",
    "fork (two versions of a bundle)": "divergence (deux versions d'un paquet)",
    "Laptop": "Portable",
    "What": "Quoi",
    "No gap or fork signed off.": "Aucun trou ni divergence validé.",
    "Exports forced although something blocked them:": "Exports forcés alors que quelque chose les bloquait :",
    "Format": "Format",
    "Blocking items": "Points bloquants",
    "Still blocking the export: {items}.": "Bloque encore l'export : {items}.",
    # numbers
    "Downtime numbers": "Numéros provisoires",
    "Number": "Numéro",
    "Mapped": "Rapprochés",
    "Still unmapped": "Encore sans correspondance",
    "{kind} still unmapped: {numbers}": "{kind} encore sans correspondance : {numbers}",
    "(and {n} more)": "(et {n} de plus)",
    # the period's sign-off
    "Sign-off of the period": "Validation de la période",
    "The period is not signed off yet (two people: one prepares, another approves).":
        "La période n'est pas encore validée (deux personnes : l'une prépare, l'autre approuve).",
    "Step": "Étape",
    "Person": "Personne",
    "State signed": "État signé",
    "Note": "Remarque",
    "prepared": "préparée",
    "approved": "approuvée",
    # who did what
    "Who did what": "Qui a fait quoi",
    "Per user:": "Par utilisateur :",
    "Per laptop:": "Par portable :",
    "User": "Utilisateur",
    "Users": "Utilisateurs",
    "Changes": "Modifications",
    "Operations": "Opérations",
    "Laptops": "Portables",
    "Bundles": "Paquets",
    "A change is one field of one record; an operation is one action (an admission writes several changes at once). The "
    "reconcile line is IT's own decisions in this workspace.":
        "Une modification est un champ d'un dossier ; une opération est une action (une admission écrit plusieurs modifications "
        "à la fois). La ligne reconcile correspond aux décisions de l'informatique dans cet espace de travail.",
    # completeness
    "Completeness per laptop": "Complétude par portable",
    "Notes": "Remarques",
    "never heard from": "jamais de nouvelles",
    "complete": "complet",
    "two current stays": "deux séjours en cours",
    "bed held twice": "lit occupé deux fois",
    "To decide": "À décider",
    "No double stay, no bed held twice, no impossible timeline.": "Aucun double séjour, aucun lit occupé deux fois, aucune chronologie impossible.",
    "Who or where": "Qui ou où",
    "Detail": "Détail",
}
