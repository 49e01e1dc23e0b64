"""French for keys, kits, enrolment, passwords and the files a laptop is given."""

CATALOGUE = {
    "This IT key belongs to ward {ward}, not to {this}.": "Cette clé de l'informatique appartient au service {ward}, pas à {this}.",
    "This ward kit was made by an earlier version of Continuity: ask IT for this laptop's enrolment package.":
        "Ce kit a été fait par une version antérieure de Continuity : demandez à l'informatique le fichier d'inscription de ce portable.",
    "This kit is not signed by this ward's IT: it is refused.": "Ce kit n'est pas signé par l'informatique de ce service : il est refusé.",
    "This enrolment package is not signed by this ward's IT: it is refused.":
        "Ce fichier d'inscription n'est pas signé par l'informatique de ce service : il est refusé.",
    "This enrolment package is for {package}, not {name}.": "Ce fichier d'inscription est celui de {package}, pas de {name}.",
    "This key file was made by an earlier version of Continuity.": "Ce fichier de clé a été fait par une version antérieure de Continuity.",
    "The ward file is not UTF-8 text.": "Le fichier du service n'est pas un texte UTF-8.",
    "This is the ward's shared kit: enrol with this laptop's own package ({name}.enrol).":
        "C'est le kit commun du service : inscrivez ce portable avec son propre fichier ({name}.enrol).",
    "This data folder is already enrolled as {name}: sign in (--user) to refresh it from this package.":
        "Ce dossier de données est déjà inscrit comme {name} : connectez-vous (--user) pour le mettre à jour avec ce fichier.",
    "The new password must differ from the current one.": "Le nouveau mot de passe doit être différent de l'actuel.",
    "One enrolment package per laptop (give each laptop only its own):":
        "Un fichier d'inscription par portable (ne donnez à chacun que le sien) :",
    "The password must have at least {n} characters (a short sentence is easy to remember).":
        "Le mot de passe doit avoir au moins {n} caractères (une courte phrase se retient facilement).",
    "The password must have at most {n} characters.": "Le mot de passe doit avoir au plus {n} caractères.",
    "The password must not contain control characters.": "Le mot de passe ne doit pas contenir de caractères de contrôle.",
    "This password is too easy to guess (common word, name, date or keyboard pattern): choose a sentence of unrelated words.":
        "Ce mot de passe est trop facile à deviner (mot courant, nom, date ou suite de touches) : choisissez une phrase de mots "
        "sans rapport entre eux.",
    "The passphrase must have at least {n} characters (a short sentence is easy to remember).":
        "La phrase de passe doit avoir au moins {n} caractères (une courte phrase se retient facilement).",
    "The passphrase must have at most {n} characters.": "La phrase de passe doit avoir au plus {n} caractères.",
    "The passphrase must not contain control characters.": "La phrase de passe ne doit pas contenir de caractères de contrôle.",
    "This passphrase is too easy to guess (common word, name, date or keyboard pattern): choose a sentence of unrelated words.":
        "Cette phrase de passe est trop facile à deviner (mot courant, nom, date ou suite de touches) : choisissez une phrase de "
        "mots sans rapport entre eux.",
    "This file is too large ({path}).": "Ce fichier est trop volumineux ({path}).",
    "{path} is not an ordinary file.": "{path} n'est pas un fichier ordinaire.",
    "This file cannot be read (permission denied): {path}": "Ce fichier ne peut pas être lu (permission refusée) : {path}",
    "This file cannot be read ({error}): {path}": "Ce fichier ne peut pas être lu ({error}) : {path}",
    "This laptop's keyring is damaged for {user}: ask IT to open it with its key.":
        "Le trousseau de ce portable est endommagé pour {user} : demandez à l'informatique de l'ouvrir avec sa clé.",
    "IT's key does not open this laptop (another ward, or another kit).":
        "La clé de l'informatique n'ouvre pas ce portable (autre service ou autre kit).",
    "This laptop's keyring is damaged: ask IT to open it with its key.":
        "Le trousseau de ce portable est endommagé : demandez à l'informatique de l'ouvrir avec sa clé.",
    "This database cannot be opened with this key: sign in with a user of this laptop, or IT's key.":
        "Cette base ne s'ouvre pas avec cette clé : connectez-vous avec un utilisateur de ce portable, ou la clé de l'informatique.",
    "This data folder is encrypted: sign in to open it.": "Ce dossier de données est chiffré : connectez-vous pour l'ouvrir.",
    "{device} published an audit trail of {published} entries, then one of {now}: entries were cut or its data folder was restored "
    "from an older copy (bundle {bundle}). Tell IT.":
        "{device} a publié une trace d'audit de {published} entrées, puis une de {now} : des entrées ont été coupées ou son "
        "dossier de données restauré d'une copie plus ancienne (paquet {bundle}). Prévenez l'informatique.",
    "This IT key is not the one this kit was signed with.": "Cette clé de l'informatique n'est pas celle qui a signé ce kit.",
    "{device} revoked: {file}. Every laptop applies it at its next sync.":
        "{device} révoqué : {file}. Chaque portable l'applique à sa prochaine synchronisation.",
    "IT revoked this laptop (lost or stolen): its bundles after number {number} are refused.":
        "L'informatique a révoqué ce portable (perdu ou volé) : ses paquets après le numéro {number} sont refusés.",
    "This revocation is not signed by this ward's IT: it is ignored.":
        "Cette révocation n'est pas signée par l'informatique de ce service : elle est ignorée.",
    "This revocation was written by a newer version of Continuity: it is kept and will apply once this laptop is updated.":
        "Cette révocation a été écrite par une version plus récente de Continuity : elle est gardée et s'appliquera une fois "
        "ce portable mis à jour.",
    "This file in the IT folder is not a revocation that can be read.":
        "Ce fichier du dossier de l'informatique n'est pas une révocation lisible.",
    "IT revoked this laptop: its changes are no longer sent. Ask IT for a new enrolment package.":
        "L'informatique a révoqué ce portable : ses modifications ne sont plus envoyées. Demandez-lui un nouveau fichier "
        "d'inscription.",
    "The folder {folder} does not exist: choose another place for the file.":
        "Le dossier {folder} n'existe pas : choisissez un autre emplacement pour le fichier.",
    "The file {file} cannot be written ({error}).": "Le fichier {file} ne peut pas être écrit ({error}).",
    "This laptop's disk is full: nothing was saved. Free some space or tell IT; reading still works.":
        "Le disque de ce portable est plein : rien n'a été enregistré. Libérez de la place ou prévenez l'informatique ; "
        "la consultation fonctionne toujours.",
    "This bundle credits changes to {user}, who never signed in on the laptop that wrote it: it is set aside.":
        "Ce paquet attribue des modifications à {user}, qui ne s'est jamais connecté(e) sur le portable qui l'a écrit : il est "
        "mis de côté.",
    "Changes made by {user} wait to be sent until she signs in on this laptop again.":
        "Les modifications faites par {user} attendent, pour être envoyées, qu'elle ou il se reconnecte sur ce portable.",
    "A file in this laptop's own folder that is not one of its bundles: kept aside as evidence for IT, it blocks nothing.":
        "Un fichier du dossier propre à ce portable qui n'est pas l'un de ses paquets : mis de côté comme preuve pour "
        "l'informatique, il ne bloque rien.",
    "This data folder is already enrolled: sign in (--user, or IT with --it-key) to refresh it from this package.":
        "Ce dossier de données est déjà inscrit : connectez-vous (--user, ou l'informatique avec --it-key) pour le mettre à jour "
        "avec ce fichier.",
    "This data folder holds an encrypted database whose keyring is missing: IT can open it with its key (continuity --it-key "
    "KIT.itkey ...) and refresh it from this package.":
        "Ce dossier de données contient une base chiffrée dont le trousseau manque : l'informatique peut l'ouvrir avec sa clé "
        "(continuity --it-key KIT.itkey ...) et le remettre à jour avec ce fichier.",
    "This laptop's keyring entry for {user} is not the kit's: ask IT.":
        "L'entrée du trousseau de ce portable pour {user} n'est pas celle du kit : prévenez l'informatique.",
    "This account has had too many password changes: ask IT to give it a new key in the next kit.":
        "Ce compte a changé trop de fois de mot de passe : demandez à l'informatique de lui donner une nouvelle clé dans le "
        "prochain kit.",
    "Your password was changed (here or on another laptop): sign in with the new one.":
        "Votre mot de passe a été changé (ici ou sur un autre portable) : connectez-vous avec le nouveau.",
}
