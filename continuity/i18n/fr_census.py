"""French for the main system's census loaded before an outage (kit create --census, census load)."""

CATALOGUE = {
    "Census carried by the kit: {patients} patients, {stays} stays.":
        "Occupation des lits portée par le kit : {patients} patientes, {stays} séjours.",
    "Census loaded: {patients} new patients, {stays} new stays ({patients_here} patients and {stays_here} stays already here).":
        "Occupation des lits chargée : {patients} nouvelles patientes, {stays} nouveaux séjours ({patients_here} patientes et "
        "{stays_here} séjours déjà présents).",
    "{n} new patient may be someone already known here: see sync status.": (
        "{n} nouvelle patiente est peut-être une personne déjà connue ici : voir l'état de la synchronisation.",
        "{n} nouvelles patientes sont peut-être des personnes déjà connues ici : voir l'état de la synchronisation."),
    "Rows not loaded:": "Lignes non chargées :",
    "The census's {kind} {number} (line {line} of {file}) is inside the downtime block of {laptop} ({start}-{last}): the main "
    "system's numbers and the downtime blocks must never meet. Rebuild the kit with other blocks ([numbering] of the ward file).":
        "Le numéro {kind} {number} de l'occupation des lits (ligne {line} de {file}) est dans la plage de numéros de secours de {laptop} "
        "({start}-{last}) : les numéros du système principal et les plages de secours ne doivent jamais se rencontrer. Refaites le "
        "kit avec d'autres plages ([numbering] du fichier du service).",
    "a cell holds an invisible or control character": "une case contient un caractère invisible ou de contrôle",
    "the row has too few columns": "la ligne n'a pas assez de colonnes",
    "no definitive {kind} on this row (a downtime number IT has not mapped yet?)":
        "pas de numéro {kind} définitif sur cette ligne (un numéro de secours que l'informatique n'a pas encore rapproché ?)",
    "the IPP must be 1 to 20 digits": "l'IPP doit compter de 1 à 20 chiffres",
    "the NDA must be 1 to 20 digits": "le NDA doit compter de 1 à 20 chiffres",
    "IPP {ipp} is given twice in the census (first on line {first})":
        "l'IPP {ipp} figure deux fois dans l'occupation des lits (d'abord ligne {first})",
    "NDA {nda} is given twice in the census (first on line {first})":
        "le NDA {nda} figure deux fois dans l'occupation des lits (d'abord ligne {first})",
    "the identity cannot be kept: {error}": "l'identité ne peut pas être gardée : {error}",
    "cannot read the admission time {value!r}": "impossible de lire l'heure d'admission {value!r}",
    "the admission time is in the future": "l'heure d'admission est dans le futur",
    "the admission is before her birth date": "l'admission est antérieure à sa date de naissance",
    "there is no bed {bed} in unit {unit} in this ward": "il n'y a pas de lit {bed} dans l'unité {unit} de ce service",
    "bed {unit} {bed} is given twice in the census (first on line {first})":
        "le lit {unit} {bed} figure deux fois dans l'occupation des lits (d'abord ligne {first})",
    "no patient with IPP {ipp} in this census nor on this laptop": "aucune patiente d'IPP {ipp} dans ce fichier ni sur ce portable",
    "IPP {ipp} has another current stay in the census (line {first})":
        "l'IPP {ipp} a un autre séjour en cours dans l'occupation des lits (ligne {first})",
    "HL7 message {type} is not part of a census (A28, A31 and A01 are read)":
        "le message HL7 {type} ne fait pas partie d'une occupation des lits (sont lus : A28, A31 et A01)",
    "the HL7 message has no {segment} segment": "le message HL7 n'a pas de segment {segment}",
    "bed {unit} {bed} is taken here by another stay: see the bed board":
        "le lit {unit} {bed} est occupé ici par un autre séjour : voir le tableau des lits",
    "IPP {ipp} is already another patient's here": "l'IPP {ipp} est déjà celui d'une autre patiente ici",
    "NDA {nda} is already another stay's here": "le NDA {nda} est déjà celui d'un autre séjour ici",
    "she already has a current stay here (NDA {nda})": "elle a déjà un séjour en cours ici (NDA {nda})",
    "refused here: {error}": "refusé ici : {error}",
    "already here in bed {here}: the census says {unit} {bed}, move her on the bed board if she moved":
        "déjà ici au lit {here} : le fichier indique {unit} {bed} ; déplacez-la sur le tableau des lits si elle a changé de lit",
    "{file} does not start with an MSH segment: it is not HL7 v2.5.":
        "{file} ne commence pas par un segment MSH : ce n'est pas du HL7 v2.5.",
    "{file} is neither UTF-8 text nor HL7: it is not read.": "{file} n'est ni du texte UTF-8 ni du HL7 : il n'est pas lu.",
    "{file}, line {line}: this MSH segment is cut short: the file is not read.":
        "{file}, ligne {line} : ce segment MSH est tronqué : le fichier n'est pas lu.",
    "{file}: HL7 version {version} is not read by this version of Continuity (v2.5 only).":
        "{file} : la version HL7 {version} n'est pas lue par cette version de Continuity (v2.5 seulement).",
    "{file} is not a census in a shape this version reads (patients.csv or stays.csv as the CSV export writes them, or HL7 v2.5); "
    "its columns: {columns}.":
        "{file} n'est pas une occupation des lits sous une forme que cette version sait lire (patients.csv ou stays.csv tels que "
        "l'export CSV les écrit, ou HL7 v2.5) ; ses colonnes : {columns}.",
    "The folder {folder} holds neither patients.csv nor stays.csv.": "Le dossier {folder} ne contient ni patients.csv ni stays.csv.",
    "Give the census files (CSV or HL7).": "Donnez les fichiers d'occupation des lits (CSV ou HL7).",
    "This kit carries a census of a shape this version does not read: ask IT for a kit of this version.":
        "Ce kit porte une occupation des lits sous une forme que cette version ne sait pas lire : demandez à l'informatique un kit "
        "de cette version.",
    "the definitive number already belongs to a record loaded from the main system's census":
        "le numéro définitif appartient déjà à un dossier chargé depuis l'occupation des lits du système principal",
}
