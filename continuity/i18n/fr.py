"""French messages (the default language). Keys are the English source strings."""

CATALOGUE: dict[str, str] = {
    # -- CLI ------------------------------------------------------------------------------------
    "Kit passphrase": "Phrase secrète du kit",
    "Password changed.": "Mot de passe modifié.",
    "Password": "Mot de passe",
    "Demo ward ready in {folder}: {patients} patients, {occupied} beds occupied. Users demo-midwife, demo-clerk, demo-supervisor, demo-it; password 'demo' (demo ward only).":
        "Service de démonstration prêt dans {folder} : {patients} patientes et patients, {occupied} lits occupés. "
        "Utilisateurs demo-midwife, demo-clerk, demo-supervisor, demo-it ; mot de passe « demo » (démonstration uniquement).",
    "Kit written: {kit} (IT key: {it_key})": "Kit écrit : {kit} (clé de l'informatique : {it_key})",
    "Enrolled as {device} of ward {ward} in {folder}.": "Poste enrôlé comme {device} du service {ward} dans {folder}.",
    "{device} of {ward_name} ({ward})": "{device} de {ward_name} ({ward})",
    "Current password": "Mot de passe actuel",
    "New password": "Nouveau mot de passe",
    "  {name}: IPP {ipp0}-{ipp1}, NDA {nda0}-{nda1}": "  {name} : IPP {ipp0}-{ipp1}, NDA {nda0}-{nda1}",
    "Initial passwords (shown once; hand them out, then ask users to change them):":
        "Mots de passe initiaux (affichés une seule fois ; remettez-les, puis demandez aux utilisateurs de les changer) :",
    "Audit trail BROKEN at entry {seq} ({reason}).": "Journal d'audit ROMPU à l'entrée {seq} ({reason}).",
    "Database OK ({journal} journal entries, {audit} audit entries).":
        "Base de données correcte ({journal} entrées de journal, {audit} entrées d'audit).",
    "  {kind}: {remaining} numbers left ({start}-{end}){low}": "  {kind} : {remaining} numéros restants ({start}-{end}){low}",
    "LOW: ask IT for a new kit": "BAS : demandez un nouveau kit à l'informatique",
    "Database problems:": "Problèmes dans la base de données :",
    "Warning: {message}": "Attention : {message}",
    "This data folder ({folder}) is not enrolled: run 'continuity demo' or 'continuity init --kit KIT --device NAME'.":
        "Ce dossier de données ({folder}) n'est pas enrôlé : lancez « continuity demo » ou « continuity init --kit KIT --device NOM ».",
    "Say who you are: --user NAME (or CONTINUITY_USER).": "Indiquez qui vous êtes : --user NOM (ou CONTINUITY_USER).",
    "Password for {user}": "Mot de passe de {user}",
    "Refused{where}: {message}": "Refusé{where} : {message}",
    "Internal error ({error}); details are in {log}.": "Erreur interne ({error}) ; le détail est dans {log}.",
    "Updated: {fields}": "Modifié : {fields}",
    "Bed {bed} closed.": "Lit {bed} fermé.",
    "Bed {bed} open.": "Lit {bed} ouvert.",
    "Cancelled: {ids}": "Annulé : {ids}",
    "Possible duplicate of IPP {ipps}: check before admitting.": "Doublon possible de l'IPP {ipps} : vérifiez avant d'admettre.",
    "Census of {date}": "Occupation des lits du {date}",
    "IPP {ipp}  born {birth_date}  sex {sex}  identity {status}": "IPP {ipp}  né(e) le {birth_date}  sexe {sex}  identité {status}",
    "No patient found.": "Aucun patient trouvé.",
    "No movement on this day.": "Aucun mouvement ce jour.",
    "INS {ins} ({kind}, copied from a card, not qualified)": "INS {ins} ({kind}, recopié d'une carte, non qualifié)",
    "Record marked: {status}": "Dossier marqué : {status}",
    "Stay NDA {nda}: {status}, {unit} {bed}": "Séjour NDA {nda} : {status}, {unit} {bed}",
    " (on leave)": " (en permission)",
    "used name": "nom d'usage",
    "birth name": "nom de naissance",
    "first names": "prénoms",
    "birth date": "date de naissance",
    "sex": "sexe",
    "INS": "INS",
    "birth place": "lieu de naissance",
    "unit": "unité",
    "bed": "lit",
    "status": "statut",
    "destination": "destination",
    "weight": "poids",
    "reason for closing": "motif de fermeture",
    "shift": "poste",
    "(empty)": "(vide)",
    "{name} (used name: {used})": "{name} (nom d'usage : {used})",
    "birth {order}: {sex}, {weight} g at {at} ({status})": "naissance {order} : {sex}, {weight} g le {at} ({status})",
    "cancelled": "annulé",
    "newborn {order}: {name} ({sex})  IPP {ipp}  NDA {nda}": "nouveau-né {order} : {name} ({sex})  IPP {ipp}  NDA {nda}",
    "free": "libre",
    "admission": "admission",
    "transfer": "mutation",
    "leave": "permission",
    "return": "retour",
    "discharge": "sortie",
    "current": "en cours",
    "on leave": "en permission",
    "discharged": "sorti",
    "recorded": "enregistrée",
    "entered in error": "saisie erronée",
    "active": "actif",
    "closed": "fermé",
    # -- ADT rules --------------------------------------------------------------------------------
    "Bed {bed} in {unit} is closed: reopen it first or choose another bed.":
        "Le lit {bed} de {unit} est fermé : rouvrez-le d'abord ou choisissez un autre lit.",
    "Bed {bed} in {unit} is already occupied.": "Le lit {bed} de {unit} est déjà occupé.",
    "This time is before the stay's last movement ({last}): movements must follow each other.":
        "Cette heure est antérieure au dernier mouvement du séjour ({last}) : les mouvements doivent se suivre.",
    "This patient already has a current stay: transfer or discharge it instead.":
        "Ce patient a déjà un séjour en cours : faites plutôt une mutation ou une sortie.",
    "The admission time is before the patient's birth.": "L'heure d'admission est antérieure à la naissance du patient.",
    "The patient is on leave: record her return before a transfer.":
        "La patiente est en permission : enregistrez son retour avant une mutation.",
    "This stay is not current (status: {status}).": "Ce séjour n'est pas en cours (statut : {status}).",
    "The patient is already in this bed.": "Le patient est déjà dans ce lit.",
    "The patient is already on leave.": "Le patient est déjà en permission.",
    "The patient is not on leave.": "Le patient n'est pas en permission.",
    "The discharge time is before the admission.": "L'heure de sortie est antérieure à l'admission.",
    "This movement is already cancelled.": "Ce mouvement est déjà annulé.",
    "Cancel the later movements of this stay first (newest first).":
        "Annulez d'abord les mouvements suivants de ce séjour (du plus récent au plus ancien).",
    "A birth is recorded on the mother's current stay.": "Une naissance s'enregistre sur le séjour en cours de la mère.",
    "Sex must be F, M or U (unknown).": "Le sexe doit être F, M ou U (inconnu).",
    "The weight must be between {low} and {high} grams.": "Le poids doit être compris entre {low} et {high} grammes.",
    "Newborn {order} has no weight yet: record it once she is weighed.":
        "Le nouveau-né {order} n'a pas encore de poids : enregistrez-le dès qu'il est pesé.",
    "No recorded birth {birth}.": "Aucune naissance enregistrée {birth}.",
    "birth {order}: {sex}, weight not recorded yet, at {at} ({status})": "naissance {order} : {sex}, poids pas encore enregistré, le {at} ({status})",
    "The birth time is long before the mother's admission: check the date.":
        "L'heure de naissance est très antérieure à l'admission de la mère : vérifiez la date.",
    "Bed {bed} in {unit} is already closed.": "Le lit {bed} de {unit} est déjà fermé.",
    "Bed {bed} in {unit} is occupied: transfer or discharge the patient before closing it.":
        "Le lit {bed} de {unit} est occupé : mutez ou faites sortir le patient avant de le fermer.",
    "Bed {bed} in {unit} is already open.": "Le lit {bed} de {unit} est déjà ouvert.",
    # -- identifiers and identity ---------------------------------------------------------------------
    "This laptop has used all its reserved {kind} numbers ({start}-{end}). Ask IT for a new ward kit with a fresh range.":
        "Ce poste a utilisé tous ses numéros {kind} réservés ({start}-{end}). Demandez à l'informatique un nouveau kit avec une nouvelle plage.",
    "The INS must be 15 characters (13 plus a 2-digit key), as printed on the card.":
        "L'INS doit compter 15 caractères (13 plus une clé de 2 chiffres), comme sur la carte.",
    "The INS key does not match: check the number on the card.": "La clé de l'INS ne correspond pas : vérifiez le numéro sur la carte.",
    "The birth place must be an INSEE code of 5 characters (e.g. 75056, 2A004, 99100 abroad).":
        "Le lieu de naissance doit être un code INSEE de 5 caractères (par ex. 75056, 2A004, 99100 pour l'étranger).",
    "The birth name is required.": "Le nom de naissance est obligatoire.",
    "The birth name is too long (100 characters at most).": "Le nom de naissance est trop long (100 caractères au plus).",
    "At least one first name is required.": "Au moins un prénom est obligatoire.",
    "The birth date is in the future.": "La date de naissance est dans le futur.",
    "The birth date is before {year}: check the year.": "La date de naissance est antérieure à {year} : vérifiez l'année.",
    "The phone number can contain only digits, spaces and +.": "Le numéro de téléphone ne peut contenir que des chiffres, des espaces et +.",
    "The INS does not match the sex entered: check both.": "L'INS ne correspond pas au sexe saisi : vérifiez les deux.",
    "The INS does not match the birth year entered: check both.": "L'INS ne correspond pas à l'année de naissance saisie : vérifiez les deux.",
    "The INS does not match the birth month entered: check both.": "L'INS ne correspond pas au mois de naissance saisi : vérifiez les deux.",
    "Your role ({role}) does not allow this operation ({permission}).": "Votre rôle ({role}) ne permet pas cette opération ({permission}).",
    "Unknown role {role}.": "Rôle inconnu : {role}.",
    "{n} y": "{n} ans",
    "{n} d": "{n} j",
    "{n} h": "{n} h",
    "Mother: {name}, {where}": "Mère : {name}, {where}",
    "{n} mo": "{n} mois",
    "This time is in the future: a movement is recorded once it has happened.":
        "Cette heure est dans le futur : un mouvement s'enregistre une fois qu'il a eu lieu.",
    "Cannot read the time {value!r}: use YYYY-MM-DD HH:MM (or HH:MM for today).":
        "Heure illisible {value!r} : utilisez AAAA-MM-JJ HH:MM (ou HH:MM pour aujourd'hui).",
    "Cannot read the date {value!r}: use YYYY-MM-DD or DD/MM/YYYY.": "Date illisible {value!r} : utilisez AAAA-MM-JJ ou JJ/MM/AAAA.",
    "Ward description, {where}: {what}": "Description du service, {where} : {what}",
    # -- kit -----------------------------------------------------------------------------------
    "IT's key needs its own passphrase, different from the kit's.":
        "La clé de l'informatique a besoin de sa propre phrase secrète, différente de celle du kit.",
    "Passphrase of IT's key (not the kit's)": "Phrase secrète de la clé de l'informatique (pas celle du kit)",
    "The passphrase must not be empty.": "La phrase secrète ne doit pas être vide.",
    "This file is too large to be a ward kit.": "Ce fichier est trop gros pour être un kit de service.",
    "This file is not a Continuity ward kit (or is damaged at its start).":
        "Ce fichier n'est pas un kit de service Continuity (ou son début est endommagé).",
    "The ward kit is truncated: copy it again from IT's original.":
        "Le kit de service est tronqué : recopiez-le depuis l'original de l'informatique.",
    "Wrong passphrase, or the ward kit is damaged.": "Phrase secrète incorrecte, ou kit de service endommagé.",
    "The ward kit is damaged: copy it again from IT's original.":
        "Le kit de service est endommagé : recopiez-le depuis l'original de l'informatique.",
    "This ward kit was made by another version of Continuity.": "Ce kit de service a été fait par une autre version de Continuity.",
    "This kit has no laptop named {name} (it has: {names}).": "Ce kit n'a pas de poste nommé {name} (il a : {names}).",
    "File not found: {path}": "Fichier introuvable : {path}",
    "The ward file is not valid TOML: {error}": "Le fichier du service n'est pas du TOML valide : {error}",
    "This data folder is already enrolled as {name} of ward {ward}: use --force to refresh it from this kit.":
        "Ce dossier de données est déjà enrôlé comme {name} du service {ward} : utilisez --force pour le mettre à jour depuis ce kit.",
    "This data folder belongs to {name} of ward {ward}; use a new data folder for another laptop or ward.":
        "Ce dossier de données appartient à {name} du service {ward} ; utilisez un nouveau dossier pour un autre poste ou service.",
    # -- services ------------------------------------------------------------------------------------
    "No stay with NDA {nda} on this laptop.": "Aucun séjour de NDA {nda} sur ce poste.",
    "Unknown unit {unit}.": "Unité inconnue : {unit}.",
    "Give the movement's {n}-character id, as listed.": "Donnez l'identifiant du mouvement en {n} caractères, tel qu'affiché.",
    "No movement {id} on this laptop.": "Aucun mouvement {id} sur ce poste.",
    "Several movements end with {id}: give the full id.": "Plusieurs mouvements se terminent par {id} : donnez l'identifiant complet.",
    "Births are recorded on this stay: cancel the newborns' admissions first.":
        "Des naissances sont enregistrées sur ce séjour : annulez d'abord les admissions des nouveau-nés.",
    "There is no bed {bed} in unit {unit}.": "Il n'y a pas de lit {bed} dans l'unité {unit}.",
    "Only {remaining} {kind} numbers are left on this laptop: ask IT for a new kit soon.":
        "Il ne reste que {remaining} numéros {kind} sur ce poste : demandez bientôt un nouveau kit à l'informatique.",
    "The data folder {folder} already holds a ward: choose another --data-dir for a demo.":
        "Le dossier de données {folder} contient déjà un service : choisissez un autre --data-dir pour une démonstration.",
    "No patient with IPP {ipp} on this laptop.": "Aucun patient d'IPP {ipp} sur ce poste.",
    "Type a name, an IPP, an NDA or a birth date.": "Saisissez un nom, un IPP, un NDA ou une date de naissance.",
    "Too many failed attempts: wait {seconds} seconds before trying again.":
        "Trop d'essais infructueux : attendez {seconds} secondes avant de réessayer.",
    "Wrong user name or password.": "Nom d'utilisateur ou mot de passe incorrect.",
    "The new password must have at least 8 characters.": "Le nouveau mot de passe doit compter au moins 8 caractères.",
    "This data folder is not enrolled: run 'continuity init --kit KIT --device NAME' first.":
        "Ce dossier de données n'est pas enrôlé : lancez d'abord « continuity init --kit KIT --device NOM ».",
    "Creating the demo ward in {folder}...": "Création du service de démonstration dans {folder}...",
    "DEMO WARD: invented people only. Users demo-midwife, demo-clerk, demo-supervisor, demo-it; password 'demo'.":
        "SERVICE DE DÉMONSTRATION : personnes inventées uniquement. Utilisateurs demo-midwife, demo-clerk, demo-supervisor, demo-it ; mot de passe « demo ».",
    "Data folder: {folder}": "Dossier de données : {folder}",
    "Use the command line, for example:": "Utilisez la ligne de commande, par exemple :",
    # -- sync ------------------------------------------------------------------------------------
    "No sync folder is set: choose one in the Sync tab (or give one with --folder).":
        "Aucun dossier de synchronisation n'est défini : choisissez-le dans l'onglet Synchronisation (ou indiquez-le avec --folder).",
    "Choose which value to keep: winner or loser.": "Choisissez la valeur à garder : winner (gagnante) ou loser (perdante).",
    "This laptop's clock is {minutes} minutes behind the ward's: check the date and time.":
        "L'horloge de ce poste a {minutes} minutes de retard sur celle du service : vérifiez la date et l'heure.",
    "No open conflict {id}.": "Aucun conflit ouvert numéro {id}.",
    "The clock of {device} is {minutes} minutes ahead of this laptop's.": "L'horloge de {device} a {minutes} minutes d'avance sur celle de ce poste.",
    "Conflict {id} acknowledged.": "Conflit {id} pris en compte.",
    "Conflict {id} resolved.": "Conflit {id} résolu.",
    "{error} Work goes on here; sync will retry.": "{error} Le travail continue ici ; la synchronisation réessaiera.",
    "The sync folder is unavailable ({error}): work goes on here, sync will retry.":
        "Le dossier de synchronisation est indisponible ({error}) : le travail continue sur ce poste, la synchronisation réessaiera.",
    "Set aside: {file}: {message}": "Mis de côté : {file} : {message}",
    "Waiting for bundles {first}-{last} of a laptop before applying its later ones.":
        "En attente des paquets {first}-{last} d'un poste avant d'appliquer les suivants.",
    "{device}: folder {folder} ({state})": "{device} : dossier {folder} ({state})",
    "Changes not yet sent: {n}": "Modifications pas encore envoyées : {n}",
    "Open conflicts: {n}; beds with two patients: {beds}; probable duplicate patients: {dups}":
        "Conflits ouverts : {n} ; lits avec deux patients : {beds} ; doublons probables de patients : {dups}",
    "State hash: {hash}": "Empreinte des données : {hash}",
    "  {name}: up to bundle {bundle}, last received {at}": "  {name} : jusqu'au paquet {bundle}, dernière réception {at}",
    "  Missing from {device}: bundles {first}-{last}": "  Manquent de {device} : paquets {first}-{last}",
    "  Set aside: {file}: {message}": "  Mis de côté : {file} : {message}",
    "reachable": "accessible",
    "by polling (network share)": "par scrutation (partage réseau)",
    "by file events": "par événements de fichiers",
    "Watching {folder} {how}; full rescan every {seconds} s. Ctrl+C stops.":
        "Surveillance de {folder} {how} ; relecture complète toutes les {seconds} s. Ctrl+C pour arrêter.",
    "This is a newborn's stay: a birth is recorded on the mother's stay.":
        "C'est le séjour d'un nouveau-né : une naissance s'enregistre sur le séjour de la mère.",
    "midwife": "sage-femme",
    "clerk": "secrétariat",
    "supervisor": "cadre de santé",
    "IT": "informatique",
    "(identity not received yet)": "(identité pas encore reçue)",
    "This bundle cannot be applied here ({error}): two laptops probably share a number block.":
        "Ce paquet ne peut pas être appliqué ici ({error}) : deux postes partagent probablement une plage de numéros.",
    "Sign in first.": "Connectez-vous d'abord.",
    "unreachable": "inaccessible",
    "The file is larger than any bundle may be ({size} bytes).": "Le fichier est plus gros qu'un paquet ne peut l'être ({size} octets).",
    "The file is incomplete (it may still be arriving).": "Le fichier est incomplet (il est peut-être encore en cours de copie).",
    "This file is not a Continuity bundle.": "Ce fichier n'est pas un paquet Continuity.",
    "The bundle's header is malformed.": "L'en-tête du paquet est malformé.",
    "The file has bytes added after its end: it was altered.": "Le fichier a des octets ajoutés après sa fin : il a été modifié.",
    "This bundle was written by another version of Continuity.": "Ce paquet a été écrit par une autre version de Continuity.",
    "The signature does not match: the file was altered or forged.": "La signature ne correspond pas : le fichier a été modifié ou falsifié.",
    "The bundle's content is larger than allowed.": "Le contenu du paquet dépasse la taille permise.",
    "The bundle cannot be decrypted with this ward's keys.": "Le paquet ne peut pas être déchiffré avec les clés de ce service.",
    "The bundle's content does not match its header.": "Le contenu du paquet ne correspond pas à son en-tête.",
    "This bundle belongs to another ward ({ward}).": "Ce paquet appartient à un autre service ({ward}).",
    "This bundle is not in its writer's folder or under its own number.": "Ce paquet n'est pas dans le dossier de son auteur ou sous son propre numéro.",
    "This bundle comes from a laptop that is not in the ward kit.": "Ce paquet vient d'un poste absent du kit du service.",
    "Another bundle with the same number was already applied: the writer forked.":
        "Un autre paquet de même numéro a déjà été appliqué : son auteur a divergé.",
    "This bundle does not follow the previous one from the same laptop.": "Ce paquet ne fait pas suite au précédent du même poste.",
    "This bundle's changes do not follow the previous bundle's.": "Les modifications de ce paquet ne font pas suite à celles du paquet précédent.",
    # Plural entries: (singular, plural) keyed by the English singular; French puts 0 and 1 in the singular.
    "{sent} ({sent_changes}); {received} ({received_changes}); {conflicts}.": "{sent} ({sent_changes}) ; {received} ({received_changes}) ; {conflicts}.",
    "Sent {n} bundle": ("{n} paquet envoyé", "{n} paquets envoyés"),
    "received {n} bundle": ("{n} paquet reçu", "{n} paquets reçus"),
    "{n} change": ("{n} modification", "{n} modifications"),
    "{n} new conflict": ("{n} nouveau conflit", "{n} nouveaux conflits"),
    "{n} file is still arriving: retried at the next pass.": ("{n} fichier est encore en cours d'arrivée : nouvel essai au prochain passage.",
                                                              "{n} fichiers sont encore en cours d'arrivée : nouvel essai au prochain passage."),
    "{code} {name}: {occupied}/{open} beds occupied, {free}, {closed}, {newborns}": "{code} {name} : {occupied}/{open} lits occupés, {free}, {closed}, {newborns}",
    "{n} free": ("{n} libre", "{n} libres"),
    "{n} closed": ("{n} fermé", "{n} fermés"),
    "{n} newborn": ("{n} nouveau-né", "{n} nouveau-nés"),
    "Audit trail intact: {n} entry.": ("Journal d'audit intact : {n} entrée.", "Journal d'audit intact : {n} entrées."),
    # Hostile or newer entries, copies, forks (sync)
    "This bundle holds a change of an unknown shape.": "Ce paquet contient une modification de forme inconnue.",
    "This bundle carries an impossible clock time ({when}): the laptop's clock or the file is wrong.":
        "Ce paquet porte une heure impossible ({when}) : l'horloge du poste ou le fichier est faux.",
    "This bundle holds a value too long or of the wrong kind for {entity}.{column}.":
        "Ce paquet contient une valeur trop longue ou d'un type inattendu pour {entity}.{column}.",
    "This bundle was written by a newer version of Continuity ({entity}.{column} is unknown here): it is kept and will apply once this laptop is updated.":
        "Ce paquet a été écrit par une version plus récente de Continuity ({entity}.{column} est inconnu ici) : il est conservé et "
        "s'appliquera une fois ce poste mis à jour.",
    "This bundle was written by a newer version of Continuity: it is kept and will apply once this laptop is updated.":
        "Ce paquet a été écrit par une version plus récente de Continuity : il est conservé et s'appliquera une fois ce poste "
        "mis à jour.",
    "This bundle cannot be applied here ({error}).": "Ce paquet ne peut pas être appliqué ici ({error}).",
    "This birth time ({at}) is before the mother's admission ({admitted}): correct her admission time first, or check the birth time.":
        "Cette heure de naissance ({at}) précède l'admission de la mère ({admitted}) : corrigez d'abord l'heure de son admission, "
        "ou vérifiez l'heure de naissance.",
    "This discharge time is before a birth recorded on the stay ({born}): check the time.":
        "Cette heure de sortie précède une naissance enregistrée sur le séjour ({born}) : vérifiez l'heure.",
    "This discharge time is before her baby's last movement ({last}): check the time.":
        "Cette heure de sortie précède le dernier mouvement de son bébé ({last}) : vérifiez l'heure.",
    "The birth name must contain letters.": "Le nom de naissance doit contenir des lettres.",
    "Her mother has left the ward: the baby cannot go back to her. Record a transfer or a discharge for the baby instead.":
        "Sa mère a quitté le service : le bébé ne peut pas lui revenir. Enregistrez plutôt un transfert ou une sortie pour le bébé.",
    "Bed {bed} in {unit} was occupied by another patient from {start} to {end}: it cannot be given from {at}.":
        "Le lit {bed} en {unit} était occupé par une autre patiente du {start} au {end} : il ne peut pas être attribué à partir du {at}.",
    "Bed {bed} in {unit} has been occupied by another patient since {start}: it cannot be given from {at}.":
        "Le lit {bed} en {unit} est occupé par une autre patiente depuis le {start} : il ne peut pas être attribué à partir du {at}.",
    "The file name is not a bundle's (NNNNNNNN.cbundle): kept aside as evidence for IT.":
        "Le nom du fichier n'est pas celui d'un paquet (NNNNNNNN.cbundle) : mis de côté comme preuve pour l'informatique.",
    "A copy of bundle {number} under another name (a file-sync tool's or a hand-made copy): the same content, nothing is missing; kept as evidence.":
        "Une copie du paquet {number} sous un autre nom (faite par un outil de synchronisation ou à la main) : même contenu, "
        "rien ne manque ; conservée comme preuve.",
    "Another version of bundle {number} of this laptop, under another name (a file-sync tool's conflict copy): the laptop wrote two different bundles with one number. Both are kept; tell IT.":
        "Une autre version du paquet {number} de ce poste, sous un autre nom (copie de conflit d'un outil de synchronisation) : "
        "le poste a écrit deux paquets différents sous un même numéro. Les deux sont conservés ; prévenez l'informatique.",
    "A damaged copy of this laptop's bundle {number} was in the folder: kept aside as evidence, the good one published again.":
        "Une copie abîmée du paquet {number} de ce poste était dans le dossier : mise de côté comme preuve, le bon paquet est republié.",
    "The folder holds another version of this laptop's bundle {number} (this laptop's data was probably restored from an older copy): neither is replaced; tell IT.":
        "Le dossier contient une autre version du paquet {number} de ce poste (ses données ont sans doute été restaurées d'une copie "
        "plus ancienne) : aucun des deux n'est remplacé ; prévenez l'informatique.",
    "  Admitted twice (cancel the wrong admission): {name}, IPP {ipp}: {stays}":
        "  Admise deux fois (annulez l'admission erronée) : {name}, IPP {ipp} : {stays}",
    # A laptop restored from an older copy
    "This laptop's data had been restored from an older copy: it took back {n} of its own changes from the sync folder (bundles {first}-{last}); its numbering goes on after them.":
        "Les données de ce poste avaient été restaurées d'une copie plus ancienne : il a repris {n} de ses propres modifications "
        "dans le dossier de synchronisation (paquets {first} à {last}) ; sa numérotation reprend après elles.",
    "{n} change typed since the restore follows them.": ("{n} modification saisie depuis la restauration les suit.",
                                                         "{n} modifications saisies depuis la restauration les suivent."),
    "The {kind} {old} had already been given before the restore: {who} now has {kind} {new}. Print her wristband or label again.":
        "Le numéro {kind} {old} avait déjà été attribué avant la restauration : {who} a désormais le numéro {kind} {new}. Réimprimez son bracelet ou son étiquette.",
    "Restored from an older copy on {at}:": "Restauré d'une copie plus ancienne le {at} :",
    # The folder, in words
    "The sync folder {folder} is read-only: this laptop's changes cannot be sent there.":
        "Le dossier de synchronisation {folder} est en lecture seule : les modifications de ce poste ne peuvent pas y être envoyées.",
    "The sync folder {folder} is full: this laptop's changes cannot be sent there.":
        "Le dossier de synchronisation {folder} est plein : les modifications de ce poste ne peuvent pas y être envoyées.",
    "The sync folder {folder} refused a write or a read ({error}).":
        "Le dossier de synchronisation {folder} a refusé une écriture ou une lecture ({error}).",
    "The sync folder {folder} cannot be reached (share down, cable, or USB stick removed).":
        "Le dossier de synchronisation {folder} est inaccessible (partage arrêté, câble, ou clé USB retirée).",
    "The sync folder {folder} is empty and unmarked: the USB stick is probably not plugged in (nothing is written there until it is, or until the folder is chosen again).":
        "Le dossier de synchronisation {folder} est vide et sans marque : la clé USB n'est sans doute pas branchée (rien n'y est écrit tant "
        "qu'elle ne l'est pas, ou que le dossier n'est pas choisi à nouveau).",
    "The sync folder {folder} belongs to another ward: choose this ward's folder.":
        "Le dossier de synchronisation {folder} appartient à un autre service : choisissez celui de ce service.",
    "The sync folder {folder} gave back something else than was written ({file}): the medium may be failing.":
        "Le dossier de synchronisation {folder} a rendu autre chose que ce qui a été écrit ({file}) : le support est peut-être défaillant.",
    "This laptop's own disk refused to keep the bundle ({error}): is it full? Nothing typed is lost.":
        "Le disque de ce poste a refusé de garder le paquet ({error}) : est-il plein ? Rien de ce qui a été saisi n'est perdu.",
    "This laptop's own copy of bundle {number} is damaged: it is not sent; tell IT.":
        "La copie locale du paquet {number} de ce poste est abîmée : elle n'est pas envoyée ; prévenez l'informatique.",
    "The sync pass stopped on a problem ({error}): work goes on here; it is tried again at the next pass.":
        "Le passage de synchronisation s'est arrêté sur un problème ({error}) : le travail continue ici ; nouvel essai au prochain passage.",
    "This laptop's bundle {file} in the folder cannot be taken back yet (damaged, or an earlier one is missing).":
        "Le paquet {file} de ce poste dans le dossier ne peut pas encore être repris (abîmé, ou un précédent manque).",
    "The sync folder holds later bundles of this laptop that it cannot take back ({reason}): nothing new is sent from here until IT has looked. Work goes on and is kept.":
        "Le dossier de synchronisation contient des paquets plus récents de ce poste qu'il ne peut pas reprendre ({reason}) : rien de "
        "nouveau n'est envoyé d'ici tant que l'informatique n'a pas regardé. Le travail continue et est conservé.",
    "{file} in the sync folder is not a regular file (a pipe or a device): it is not read.":
        "{file} dans le dossier de synchronisation n'est pas un fichier ordinaire (un tube ou un périphérique) : il n'est pas lu.",
    "The sync folder {folder} has a damaged marker ({marker}): choose the folder again.":
        "Le dossier de synchronisation {folder} a une marque abîmée ({marker}) : choisissez à nouveau le dossier.",
}
