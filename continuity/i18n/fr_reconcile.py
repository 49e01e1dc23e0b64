"""French for IT's reconciliation workspace."""

CATALOGUE = {
    "Ward {ward}: {patients} patients, {stays} stays, {movements} movements, {births} births; {conflicts} conflicts.":
        "Service {ward} : {patients} patientes, {stays} séjours, {movements} mouvements, {births} naissances ; {conflicts} conflits.",
    "Workspace ready in {folder} for ward {ward} ({count} laptops). Add the shared folders, sticks and laptops' data folders to it: "
    "continuity reconcile add {folder} FOLDER...":
        "Espace de travail prêt dans {folder} pour le service {ward} ({count} portables). Ajoutez-y les dossiers partagés, les clés "
        "USB et les dossiers de données des portables : continuity reconcile add {folder} DOSSIER...",
    "  {name}: {bundles} bundles, last activity {at}{notes}": "  {name} : {bundles} paquets, dernière activité {at}{notes}",
    "Nothing blocks the export.": "Rien ne bloque l'export.",
    "{folder}: {done}/{total} files read": "{folder} : {done}/{total} fichiers lus",
    "  {name}: never heard from": "  {name} : jamais de nouvelles",
    "bundles {first}-{last} missing": "paquets {first} à {last} manquants",
    "revoked": "révoqué",
    "clock ahead of the others": "horloge en avance sur les autres",
    "{n} item blocks the export until it is settled or signed off.": (
        "{n} point bloque l'export tant qu'il n'est pas réglé ou validé.",
        "{n} points bloquent l'export tant qu'ils ne sont pas réglés ou validés."),
    "{n} fork": ("{n} divergence", "{n} divergences"),
    "{n} file set aside": ("{n} fichier mis de côté", "{n} fichiers mis de côté"),
    "{n} bundle imported": ("{n} paquet importé", "{n} paquets importés"),
    "A reconciliation workspace is already in {folder}: add folders to it, or choose another.":
        "Un espace de rapprochement existe déjà dans {folder} : ajoutez-y des dossiers, ou choisissez-en un autre.",
    "No reconciliation workspace in {folder}: make one with 'reconcile open'.":
        "Pas d'espace de rapprochement dans {folder} : créez-en un avec « reconcile open ».",
    "Wrong passphrase of IT's key, or the workspace's key file is damaged.":
        "Mauvaise phrase de passe de la clé de l'informatique, ou fichier de clé de l'espace endommagé.",
    "The workspace's key file is damaged.": "Le fichier de clé de l'espace de travail est endommagé.",
    "The folder {folder} cannot be read (missing, or not a folder).": "Le dossier {folder} ne peut pas être lu (absent, ou pas un dossier).",
    "Say why it may be signed off.": "Dites pourquoi cela peut être validé.",
    "Nothing about {name} blocks the export.": "Rien ne bloque l'export pour {name}.",
    "Conflict {id}: the value in force is kept.": "Conflit {id} : la valeur en vigueur est gardée.",
    "Conflict {id}: the other value is brought back (a journaled change).": "Conflit {id} : l'autre valeur est rétablie (une modification journalisée).",
    "No open conflict.": "Aucun conflit ouvert.",
    "  #{id} {subject}, {field}: {in_force} ({in_force_from}) / {other} ({other_from})":
        "  n° {id} {subject}, {field} : {in_force} ({in_force_from}) / {other} ({other_from})",
    "{n} item signed off for {laptop}.": ("{n} point validé pour {laptop}.", "{n} points validés pour {laptop}."),
    "the row is empty or has too few columns": "la ligne est vide ou a trop peu de colonnes",
    "no such downtime number here": "aucun numéro provisoire de ce nom ici",
    "the definitive number must be 1 to 20 digits": "le numéro définitif doit avoir de 1 à 20 chiffres",
    "the definitive number is another downtime number": "le numéro définitif est un autre numéro provisoire",
    "the definitive number is already given to another downtime number": "le numéro définitif est déjà donné à un autre numéro provisoire",
    "The CSV file has no column {column} (it has: {columns}).": "Le fichier CSV n'a pas de colonne {column} (il a : {columns}).",
    "Choose ipp or nda.": "Choisissez ipp ou nda.",
    "The CSV file is not UTF-8 text.": "Le fichier CSV n'est pas un texte UTF-8.",
    "The CSV file is empty.": "Le fichier CSV est vide.",
    "Give --ipp, --nda or --csv.": "Donnez --ipp, --nda ou --csv.",
    "CSV columns used: downtime = {downtime}, definitive = {definitive} (separator '{delimiter}').":
        "Colonnes du CSV utilisées : provisoire = {downtime}, définitif = {definitive} (séparateur « {delimiter} »).",
    "line {line}": "ligne {line}",
    "typed": "saisi",
    "  refused ({where}): {downtime} → {definitive}: {reason}": "  refusé ({where}) : {downtime} → {definitive} : {reason}",
    "{kind}: {n} number mapped": ("{kind} : {n} numéro rapproché", "{kind} : {n} numéros rapprochés"),
    "  {n} downtime number still unmapped": ("  {n} numéro provisoire encore sans numéro définitif",
                                             "  {n} numéros provisoires encore sans numéro définitif"),
    "Unknown export format: {kind} (choose one of {formats}).": "Format d'export inconnu : {kind} (au choix : {formats}).",
    "Say why the export is forced.": "Dites pourquoi l'export est forcé.",
    "The export is refused while something blocks it ({items}): settle it or sign it off, or force the export with a reason.":
        "L'export est refusé tant que quelque chose le bloque ({items}) : réglez-le ou validez-le, ou forcez l'export avec une raison.",
    "{path} is a file: give a folder for the CSV files.": "{path} est un fichier : donnez un dossier pour les fichiers CSV.",
    "Written to {out}: {counts}.": "Écrit dans {out} : {counts}.",
    "{where}: must be a table.": "{where} : doit être une table.",
    "{where}: unknown setting {key} (known: {known}).": "{where} : réglage inconnu {key} (connus : {known}).",
    "{where}: {key} must be a text.": "{where} : {key} doit être un texte.",
    "{where}: {key} is not an OID (digits and dots, such as 1.2.250.1.71).":
        "{where} : {key} n'est pas un OID (des chiffres et des points, comme 1.2.250.1.71).",
    "{where}: {key} must be 1 to 20 letters, digits, spaces, dots, dashes or underscores.":
        "{where} : {key} doit compter de 1 à 20 lettres, chiffres, espaces, points, tirets ou soulignés.",
    "{where}: finess must be 9 characters (digits, or 2A/2B for Corsica).":
        "{where} : finess doit compter 9 caractères (des chiffres, ou 2A/2B pour la Corse).",
    "{where}: nda_position must be one of {choices}.": "{where} : nda_position doit être l'un de {choices}.",
}
