"""French for the HL7 PAM FR export and the hospital's interop settings."""

CATALOGUE = {
    "Patient {ipp}: the INS has no known kind ({kind}): it cannot be sent.":
        "Patiente {ipp} : l'INS n'a pas de type connu ({kind}) : elle ne peut pas être envoyée.",
    "Patient {ipp}: identity status {status} is not one PAM FR knows ({known}).":
        "Patiente {ipp} : le statut d'identité {status} n'est pas un statut de PAM FR ({known}).",
    "A merge names a record that is not exported ({id}): undo it or correct it first.":
        "Une fusion désigne un dossier qui n'est pas exporté ({id}) : annulez-la ou corrigez-la d'abord.",
    "{path} is a folder: give a file name for the batch.":
        "{path} est un dossier : donnez un nom de fichier pour le lot.",
    "{path} is a file: give a folder for the messages.":
        "{path} est un fichier : donnez un dossier pour les messages.",
}
