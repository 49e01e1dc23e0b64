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
    "discharged before being admitted": "sortie avant son admission",
    "a movement before the admission": "un mouvement avant l'admission",
    "a movement after the discharge": "un mouvement après la sortie",
    "a birth outside the mother's stay": "une naissance hors du séjour de la mère",
    "a newborn admitted before her birth": "un nouveau-né admis avant sa naissance",
    "admitted before her birth date": "admise avant sa date de naissance",
    "Say why.": "Dites pourquoi.",
    "No patient has the IPP {ipp} in this workspace.": "Aucun patient n'a l'IPP {ipp} dans cet espace de travail.",
    "Choose prepared or approved.": "Choisissez préparé ou approuvé.",
    "Give the name of the person who signs.": "Donnez le nom de la personne qui signe.",
    "A record cannot be merged with itself.": "Un dossier ne peut pas être fusionné avec lui-même.",
    "IPP {ipp} and IPP {other} were declared different people.": "L'IPP {ipp} et l'IPP {other} ont été déclarés personnes différentes.",
    "There is no merge number {merge}.": "Il n'y a pas de fusion numéro {merge}.",
    "Merge number {merge} was already undone.": "La fusion numéro {merge} a déjà été annulée.",
    "Give two different IPPs.": "Donnez deux IPP différents.",
    "These two are merged: undo the merge first.": "Ces deux dossiers sont fusionnés : annulez d'abord la fusion.",
    "IPP {ipp} is already merged into IPP {survivor}.": "L'IPP {ipp} est déjà fusionné dans l'IPP {survivor}.",
    "Nobody has prepared the period yet.": "Personne n'a encore préparé la période.",
    "The workspace changed since {person} prepared it: it must be prepared again.":
        "L'espace de travail a changé depuis que {person} l'a préparé : il doit être préparé à nouveau.",
    "The approval must come from someone other than {person}, who prepared it.":
        "L'approbation doit venir d'une autre personne que {person}, qui a préparé la période.",
    "To decide: {items} (reconcile duplicates, reconcile problems).": "À décider : {items} (reconcile duplicates, reconcile problems).",
    "IPP {ipp} {name}, born {born} ({laptop}; stays {ndas})": "IPP {ipp} {name}, née le {born} ({laptop} ; séjours {ndas})",
    "Numbers not mapped yet: {ipp} IPP, {nda} NDA.": "Numéros pas encore rapprochés : {ipp} IPP, {nda} NDA.",
    "Period prepared by {preparer} and approved by {approver}.": "Période préparée par {preparer} et approuvée par {approver}.",
    "Give one of --laptop, --prepared-by or --approved-by.": "Donnez une seule option parmi --laptop, --prepared-by et --approved-by.",
    "Merge {merge}: IPP {merged} merged into IPP {kept} (its numbers kept as aliases).":
        "Fusion {merge} : IPP {merged} fusionné dans l'IPP {kept} (ses numéros gardés comme alias).",
    "Merge {merge} undone.": "Fusion {merge} annulée.",
    "IPP {ipp} and IPP {other} are different people.": "L'IPP {ipp} et l'IPP {other} sont deux personnes différentes.",
    "  IPP {ipp}: two current stays: {stays}": "  IPP {ipp} : deux séjours en cours : {stays}",
    "  bed {bed}: held by {ndas}": "  lit {bed} : occupé par {ndas}",
    "  NDA {nda} (IPP {ipp}): {rule} ({first} / {second})": "  NDA {nda} (IPP {ipp}) : {rule} ({first} / {second})",
    "Nothing to decide: no double stay, no shared bed, no impossible timeline.":
        "Rien à décider : aucun double séjour, aucun lit partagé, aucune chronologie impossible.",
    "Period prepared by {preparer}; waiting for someone else's approval.":
        "Période préparée par {preparer} ; en attente de l'approbation d'une autre personne.",
    "Give --reason with --laptop.": "Donnez --reason avec --laptop.",
    "The period is prepared by {person}; it now needs someone else's approval.":
        "La période est préparée par {person} ; elle doit maintenant être approuvée par une autre personne.",
    "The period is approved by {approver} (prepared by {preparer}).": "La période est approuvée par {approver} (préparée par {preparer}).",
    "No possible duplicate left to decide.": "Plus aucun doublon possible à décider.",
    "The workspace changed since {preparer} prepared the period: prepare it again.":
        "L'espace de travail a changé depuis que {preparer} a préparé la période : préparez-la à nouveau.",
    "The period is not signed off yet (reconcile signoff --prepared-by, then --approved-by).":
        "La période n'est pas encore validée (reconcile signoff --prepared-by, puis --approved-by).",
    "  {score} % alike: {one}\n       and {other}\n       {why}": "  {score} % de ressemblance : {one}\n       et {other}\n       {why}",
    "{n} possible duplicate": ("{n} doublon possible", "{n} doublons possibles"),
    "{n} woman with two current stays": ("{n} femme avec deux séjours en cours", "{n} femmes avec deux séjours en cours"),
    "{n} bed held twice": ("{n} lit occupé deux fois", "{n} lits occupés deux fois"),
    "{n} impossible timeline": ("{n} chronologie impossible", "{n} chronologies impossibles"),
    "Added before, unreachable now: {folder}": "Ajouté auparavant, injoignable maintenant : {folder}",
    "IPP {ipp} and IPP {other} may be one person again: listed with the duplicates.":
        "L'IPP {ipp} et l'IPP {other} sont peut-être une même personne : listés à nouveau avec les doublons.",
    "IPP {ipp} and IPP {other} are not declared different people.":
        "L'IPP {ipp} et l'IPP {other} ne sont pas déclarés personnes différentes.",
}
