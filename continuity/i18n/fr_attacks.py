"""French for the refusals that guard IT's workstation against hostile folders and files."""

CATALOGUE = {
    "{path} is a file: give a new or empty folder.": "{path} est un fichier : donnez un dossier nouveau ou vide.",
    "The folder {path} is not empty: give a new or empty folder (an export never writes beside other files).":
        "Le dossier {path} n'est pas vide : donnez un dossier nouveau ou vide (un export n'écrit jamais à côté d'autres fichiers).",
    "The disk is full: {path} could not be written (nothing half-written was left).":
        "Le disque est plein : {path} n'a pas pu être écrit (rien d'écrit à moitié n'a été laissé).",
    "{path} could not be written ({error}).": "{path} n'a pas pu être écrit ({error}).",
    "{path} already exists: give a new file name, or a folder without it.":
        "{path} existe déjà : donnez un nouveau nom de fichier, ou un dossier qui ne le contient pas.",
    "The workspace's database ({file}) in {folder} is missing or empty: restore it from a backup.":
        "La base de l'espace de travail ({file}) dans {folder} manque ou est vide : restaurez-la depuis une sauvegarde.",
    "{path} is not an ordinary file (a device, a pipe, a link or a folder): give a file name.":
        "{path} n'est pas un fichier ordinaire (un périphérique, un tube, un lien ou un dossier) : donnez un nom de fichier.",
    "{folder} is not a new or empty folder: give one for the workspace alone.":
        "{folder} n'est pas un dossier nouveau ou vide : donnez-en un réservé à l'espace de travail.",
    "The workspace cannot be made in {folder} ({error}).": "L'espace de travail ne peut pas être créé dans {folder} ({error}).",
    "IPP {ipp} and IPP {other} are a mother and the baby she gave birth to: two people.":
        "L'IPP {ipp} et l'IPP {other} sont une mère et le bébé qu'elle a mis au monde : deux personnes.",
    "the same number is paired with two different numbers in what was given: neither is kept":
        "le même numéro est associé à deux numéros différents dans ce qui a été donné : aucun n'est gardé",
    "The downtime and definitive numbers cannot be read from one column ({column}).":
        "Les numéros provisoires et définitifs ne peuvent pas être lus dans une seule colonne ({column}).",
    "The CSV file cannot be read after line {line}: a field is far too long (an unclosed quote?).":
        "Le fichier CSV ne peut pas être lu après la ligne {line} : un champ est bien trop long (un guillemet non refermé ?).",
    "IPP {merged} is the main system's own (loaded from its census): keep it, and merge IPP {kept} into it.":
        "L'IPP {merged} est celui du système principal (chargé de son recensement) : gardez-le, et fusionnez l'IPP {kept} dans celui-ci.",
    "Write it outside the workspace folder {folder}: that folder keeps only encrypted data.":
        "Écrivez-le hors du dossier de l'espace de travail {folder} : ce dossier ne garde que des données chiffrées.",
}
