"""French messages for printed documents (the rota PDF). Keys are the English source strings."""

CATALOGUE: dict[str, str] = {
    # -- the printed rota ------------------------------------------------------------------------
    "Staff rota": "Planning du personnel",
    "Week of {first} to {last}": "Semaine du {first} au {last}",
    "(continued)": "(suite)",
    "Staff": "Personnel",
    "Hours": "Heures",
    "Cover (present/minimum)": "Effectif (présents/minimum)",
    "Shifts:": "Postes :",
    "Absences:": "Absences :",
    "Annual leave": "congé annuel",
    "Sick leave": "arrêt maladie",
    "Training": "formation",
    "Empty cell: rest.": "Case vide : repos.",
    "shift worked in another unit ({unit}).": "poste dans une autre unité ({unit}).",
    "present/minimum, below the minimum.": "présents/minimum, sous le minimum.",
    "Health manager's approval:": "Visa du cadre de santé :",
    "{version} · fingerprint {fingerprint}": "{version} · empreinte {fingerprint}",
    "Printed on {date} at {time} by {name}": "Imprimé le {date} à {time} par {name}",
    "Page {page} of {pages}": "Page {page} sur {pages}",
    "Nothing to print: choose at least one unit and one week.": "Rien à imprimer : choisissez au moins une unité et une semaine.",
    # weekdays, as the column headers print them
    "Mon": "lun.",
    "Tue": "mar.",
    "Wed": "mer.",
    "Thu": "jeu.",
    "Fri": "ven.",
    "Sat": "sam.",
    "Sun": "dim.",
}
