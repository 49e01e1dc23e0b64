<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>AdmitDialog</name>
    <message>
        <location filename="../continuity/ui/admit_dialog.py" line="41" />
        <source>F — female</source>
        <translation>F — féminin</translation>
    </message>
    <message>
        <location filename="../continuity/ui/admit_dialog.py" line="41" />
        <source>M — male</source>
        <translation>M — masculin</translation>
    </message>
    <message>
        <location filename="../continuity/ui/admit_dialog.py" line="41" />
        <source>U — unknown</source>
        <translation>U — inconnu</translation>
    </message>
    <message>
        <location filename="../continuity/ui/admit_dialog.py" line="124" />
        <source>in</source>
        <translation>en</translation>
    </message>
    <message>
        <location filename="../continuity/ui/admit_dialog.py" line="160" />
        <source>Choose a unit and a free bed.</source>
        <translation>Choisissez une unité et un lit libre.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/admit_dialog.py" line="177" />
        <source>She may already be known: select her in the list, or tick that this is a different person.</source>
        <translation>Elle est peut-être déjà connue : choisissez-la dans la liste, ou cochez qu'il s'agit d'une autre personne.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/admit_dialog.py" line="184" />
        <source>Choose her sex.</source>
        <translation>Choisissez son sexe.</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="6" />
        <source>New admission</source>
        <translation>Nouvelle admission</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="12" />
        <source>Identity (provisional)</source>
        <translation>Identité (provisoire)</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="14" />
        <source>&amp;Birth name</source>
        <translation>Nom de &amp;naissance</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="17" />
        <source>U&amp;sed name</source>
        <translation>Nom d'usa&amp;ge</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="19" />
        <source>&amp;First names</source>
        <translation>&amp;Prénoms</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="22" />
        <source>Birth &amp;date</source>
        <translation>&amp;Date de naissance</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="23" />
        <source>DD/MM/YYYY</source>
        <translation>JJ/MM/AAAA</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="25" />
        <source>Se&amp;x</source>
        <translation>Se&amp;xe</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="27" />
        <source>&amp;INS (from a card)</source>
        <translation>&amp;INS (d'une carte)</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="35" />
        <source>Admission</source>
        <translation>Admission</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="37" />
        <source>&amp;Unit</source>
        <translation>&amp;Unité</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="39" />
        <source>B&amp;ed</source>
        <translation>&amp;Lit</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="42" />
        <source>&amp;When</source>
        <translation>&amp;Quand</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="43" />
        <source>dd/MM/yyyy HH:mm</source>
        <translation>dd/MM/yyyy HH:mm</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="45" />
        <source>&amp;Reason</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="56" />
        <source>Already known on this laptop — pick her instead of creating a duplicate:</source>
        <translation>Déjà connue sur ce poste — choisissez-la plutôt que de créer un doublon :</translation>
    </message>
    <message>
        <location filename="../forms/admit_dialog.ui" line="63" />
        <source>This is a &amp;different person from everyone listed: create a new identity</source>
        <translation>C'est une &amp;autre personne que toutes celles listées : créer une nouvelle identité</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../continuity/ui/app.py" line="106" />
        <location filename="../continuity/ui/app.py" line="125" />
        <source>Something went wrong (%1). Nothing was lost; try again, and tell IT if it happens again.</source>
        <translation>Un incident s'est produit (%1). Rien n'a été perdu ; réessayez, et prévenez l'informatique si cela se reproduit.</translation>
    </message>
</context>
<context>
    <name>BedBoard</name>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="300" />
        <source>%1 %2 — occupied: %3/%4 · free: %5 · closed: %6 · newborns: %7</source>
        <translation>%1 %2 — occupés : %3/%4 · libres : %5 · fermés : %6 · nouveau-nés : %7</translation>
    </message>
</context>
<context>
    <name>BedTile</name>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="43" />
        <source>%1 d %2 h</source>
        <translation>%1 j %2 h</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="44" />
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="120" />
        <source>on leave</source>
        <translation>en permission</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="113" />
        <source>since %1</source>
        <translation>depuis %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="41" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="121" />
        <source>%1 (%2), %3</source>
        <translation>%1 (%2), %3</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="123" />
        <source>, not weighed</source>
        <translation>, pas encore pesé·e</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="126" />
        <source>%1: in %2</source>
        <translation>%1 : en %2</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="132" />
        <source>Closed</source>
        <translation>Fermé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/bed_board.py" line="136" />
        <source>Free</source>
        <translation>Libre</translation>
    </message>
</context>
<context>
    <name>BirthDialog</name>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="161" />
        <source>Mother: %1 — NDA %2</source>
        <translation>Mère : %1 — NDA %2</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="163" />
        <source>F — girl</source>
        <translation>F — fille</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="163" />
        <source>M — boy</source>
        <translation>M — garçon</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="163" />
        <source>U — undetermined</source>
        <translation>U — indéterminé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="174" />
        <source>Choose the baby's sex (U if it cannot be told yet).</source>
        <translation>Choisissez le sexe du bébé (U s'il ne peut pas encore être déterminé).</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="190" />
        <source>Newborn %1 recorded: IPP %2, NDA %3</source>
        <translation>Nouveau-né %1 enregistré : IPP %2, NDA %3</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="6" />
        <source>Record a birth</source>
        <translation>Enregistrer une naissance</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="11" />
        <source>Se&amp;x</source>
        <translation>Se&amp;xe</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="13" />
        <source>&amp;Weight (g)</source>
        <translation>P&amp;oids (g)</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="14" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="15" />
        <source>&amp;Born at</source>
        <translation>&amp;Né(e) le</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="16" />
        <source>dd/MM/yyyy HH:mm</source>
        <translation>dd/MM/yyyy HH:mm</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="17" />
        <source>&amp;First names (if chosen)</source>
        <translation>&amp;Prénoms (s'ils sont choisis)</translation>
    </message>
    <message>
        <location filename="../forms/birth_dialog.ui" line="25" />
        <source>Record and &amp;add a twin</source>
        <translation>Enregistrer et &amp;ajouter un jumeau</translation>
    </message>
</context>
<context>
    <name>BlockingWords</name>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="181" />
        <source>%n item(s) block the export until settled or signed off:</source>
        <translation>
            <numerusform>%n élément bloque l'export tant qu'il n'est pas réglé ou accepté :</numerusform>
            <numerusform>%n éléments bloquent l'export tant qu'ils ne sont pas réglés ou acceptés :</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="184" />
        <source>%1: bundle %2 missing</source>
        <translation>%1 : paquet %2 manquant</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="186" />
        <source>%1: bundles %2–%3 missing</source>
        <translation>%1 : paquets %2–%3 manquants</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="189" />
        <source>%1: %n fork(s)</source>
        <translation>
            <numerusform>%1 : %n divergence</numerusform>
            <numerusform>%1 : %n divergences</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompletenessPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="26" />
        <source>Laptop</source>
        <translation>Poste</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="27" />
        <source>Bundles</source>
        <translation>Paquets</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="28" />
        <source>Changes</source>
        <translation>Modifications</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="29" />
        <source>Missing bundles</source>
        <translation>Paquets manquants</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="30" />
        <source>Forks</source>
        <translation>Divergences</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="31" />
        <source>Set aside</source>
        <translation>Mis de côté</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="32" />
        <source>Heard from</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="32" />
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="32" />
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="33" />
        <source>Clock</source>
        <translation>Horloge</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="33" />
        <source>ahead of the others</source>
        <translation>en avance sur les autres</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="34" />
        <source>Last activity</source>
        <translation>Dernière activité</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="35" />
        <source>Revoked</source>
        <translation>Révoqué</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="35" />
        <source>revoked</source>
        <translation>révoqué</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="39" />
        <source>Folders to gather (shared folders, USB sticks, laptops' data folders):</source>
        <translation>Dossiers à rassembler (dossiers partagés, clés USB, dossiers de données des postes) :</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="45" />
        <source>&amp;Add folders…</source>
        <translation>&amp;Ajouter des dossiers…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="47" />
        <source>Re&amp;move from the list</source>
        <translation>Enle&amp;ver de la liste</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="49" />
        <source>&amp;Import them</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="90" />
        <source>Ward %1: %2 patients, %3 stays, %4 movements, %5 births · open conflicts: %6 · downtime numbers unmapped: IPP %7, NDA %8 · never heard from: %9</source>
        <translation>Service %1 : %2 patientes, %3 séjours, %4 mouvements, %5 naissances · conflits ouverts : %6 · numéros provisoires sans définitif : IPP %7, NDA %8 · jamais reçus : %9</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="97" />
        <source>Probable duplicates to decide: %1 · merges: %2 · period: %3</source>
        <translation>Doublons probables à trancher : %1 · fusions : %2 · période : %3</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="99" />
        <source>signed off</source>
        <translation>validée</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="99" />
        <source>not signed off</source>
        <translation>non validée</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="104" />
        <source>Folders to gather</source>
        <translation>Dossiers à rassembler</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="129" />
        <source>Add a folder to the list first.</source>
        <translation>Ajoutez d'abord un dossier à la liste.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="141" />
        <source>%1: %2/%3 files read</source>
        <translation>%1 : %2/%3 fichiers lus</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="148" />
        <source>%n bundle(s) imported</source>
        <translation>
            <numerusform>%n paquet importé</numerusform>
            <numerusform>%n paquets importés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="149" />
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n modification</numerusform>
            <numerusform>%n modifications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="150" />
        <source>%n file(s) set aside</source>
        <translation>
            <numerusform>%n fichier mis de côté</numerusform>
            <numerusform>%n fichiers mis de côté</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="151" />
        <source>Added before, not found now: %1</source>
        <translation>Ajouté auparavant, introuvable maintenant : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_completeness.py" line="152" />
        <source>Set aside: %1 — %2</source>
        <translation>Mis de côté : %1 — %2</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="17" />
        <source>Record</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="18" />
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="19" />
        <source>Value in force</source>
        <translation>Valeur en vigueur</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="20" />
        <location filename="../continuity/ui/reconcile_conflicts.py" line="22" />
        <source>Typed on, at</source>
        <translation>Saisie sur, le</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="21" />
        <source>Other value</source>
        <translation>Autre valeur</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="26" />
        <source>&amp;Keep the value in force</source>
        <translation>&amp;Maintenir la valeur en vigueur</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="28" />
        <source>&amp;Bring back the other value</source>
        <translation>Rétablir l'autre &amp;valeur</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="54" />
        <source>No open conflict.</source>
        <translation>Aucun conflit ouvert.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_conflicts.py" line="69" />
        <source>%1, %2: “%3” kept.</source>
        <translation>%1, %2 : « %3 » retenue.</translation>
    </message>
</context>
<context>
    <name>CoverModel</name>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="246" />
        <source>Cover</source>
        <translation>Effectif</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="278" />
        <source>%1 present, minimum %2, optimal %3</source>
        <translation>%1 présents, minimum %2, optimal %3</translation>
    </message>
</context>
<context>
    <name>CreateWorkspaceDialog</name>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="119" />
        <source>New reconciliation workspace</source>
        <translation>Nouvel espace de rapprochement</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="122" />
        <source>Something went wrong (%1).</source>
        <translation>Un problème est survenu (%1).</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="134" />
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="134" />
        <source>Choo&amp;se…</source>
        <translation>Choi&amp;sir…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="137" />
        <source>The ward's shared kit</source>
        <translation>Le kit commun du service</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="139" />
        <source>IT's key file</source>
        <translation>Le fichier de clé informatique</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="142" />
        <source>&amp;Workspace folder</source>
        <translation>&amp;Dossier de l'espace de travail</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="142" />
        <source>Ward &amp;kit</source>
        <translation>&amp;Kit du service</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="143" />
        <source>Kit &amp;passphrase</source>
        <translation>&amp;Phrase secrète du kit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="144" />
        <source>&amp;IT's key file</source>
        <translation>Fichier de clé &amp;informatique</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="145" />
        <source>Passphrase of IT's ke&amp;y</source>
        <translation>Phrase secrète de la c&amp;lé informatique</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="159" />
        <source>&amp;Make it</source>
        <translation>&amp;Créer</translation>
    </message>
</context>
<context>
    <name>DiscardQuestion</name>
    <message>
        <location filename="../continuity/ui/typing_guard.py" line="41" />
        <source>Throw away what you typed in this form?</source>
        <translation>Abandonner ce qui a été saisi dans ce formulaire ?</translation>
    </message>
    <message>
        <location filename="../continuity/ui/typing_guard.py" line="42" />
        <source>Throw away</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <location filename="../continuity/ui/typing_guard.py" line="43" />
        <source>Keep typing</source>
        <translation>Continuer la saisie</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="29" />
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="30" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="33" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="53" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="54" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="153" />
        <source>IPP</source>
        <translation>IPP</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="31" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="34" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="53" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="54" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="153" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="32" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="35" />
        <source>Born</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="36" />
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="40" />
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="40" />
        <source>First record</source>
        <translation>Premier dossier</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="41" />
        <source>Second record</source>
        <translation>Second dossier</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="46" />
        <source>Merge</source>
        <translation>Fusion</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="46" />
        <source>IPP kept</source>
        <translation>IPP conservé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="46" />
        <source>IPP merged</source>
        <translation>IPP fusionné</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="47" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="55" />
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="47" />
        <location filename="../continuity/ui/reconcile_duplicates.py" line="55" />
        <source>By, at</source>
        <translation>Par, le</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="48" />
        <source>Undone</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="67" />
        <source>&amp;Merge…</source>
        <translation>Fusi&amp;onner…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="69" />
        <source>Two different peop&amp;le…</source>
        <translation>Deu&amp;x personnes différentes…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="71" />
        <source>&amp;Undo the merge…</source>
        <translation>&amp;Annuler la fusion…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="73" />
        <source>Take &amp;back the declaration…</source>
        <translation>Re&amp;venir sur la déclaration…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="82" />
        <source>&amp;Keep</source>
        <translation>&amp;Garder</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="82" />
        <source>Rea&amp;son</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="99" />
        <source>Merges decided (an undone one stays on record):</source>
        <translation>Fusions décidées (une fusion annulée reste tracée) :</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="112" />
        <source>Declared two different people (in force):</source>
        <translation>Déclarées deux personnes différentes (en vigueur) :</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="136" />
        <source>No probable duplicate left to decide.</source>
        <translation>Plus aucun doublon probable à trancher.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="153" />
        <source>Birth name</source>
        <translation>Nom de naissance</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="153" />
        <source>Used name</source>
        <translation>Nom d'usage</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="154" />
        <source>First names</source>
        <translation>Prénoms</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="154" />
        <source>Birth date</source>
        <translation>Date de naissance</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="154" />
        <source>Sex</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="154" />
        <source>INS</source>
        <translation>INS</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="155" />
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="155" />
        <source>Identity status</source>
        <translation>Statut de l'identité</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="155" />
        <source>Stays (NDA)</source>
        <translation>Séjours (NDA)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="156" />
        <source>Registered on</source>
        <translation>Enregistrée sur</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="156" />
        <source>Registered at</source>
        <translation>Enregistrée le</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="157" />
        <source>Why they may be one person: %1 (score %2)</source>
        <translation>Pourquoi ce pourrait être la même personne : %1 (score %2)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="165" />
        <source>%1 (IPP %2) — the other is merged into her</source>
        <translation>%1 (IPP %2) — l'autre est fusionnée dans celle-ci</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="185" />
        <source>IPP %1 merged into IPP %2 (merge %3).</source>
        <translation>IPP %1 fusionné dans l'IPP %2 (fusion %3).</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="196" />
        <source>IPP %1 and IPP %2 are two different people.</source>
        <translation>IPP %1 et IPP %2 sont deux personnes différentes.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="207" />
        <source>Merge %1 undone: IPP %2 and IPP %3 are two records again.</source>
        <translation>Fusion %1 annulée : IPP %2 et IPP %3 redeviennent deux dossiers.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_duplicates.py" line="219" />
        <source>IPP %1 and IPP %2 are no longer declared different people: the pair is to decide again.</source>
        <translation>IPP %1 et IPP %2 ne sont plus déclarées personnes différentes : la paire est de nouveau à trancher.</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="36" />
        <source>CSV files (a folder, one file per table)</source>
        <translation>Fichiers CSV (un dossier, un fichier par table)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="37" />
        <source>HL7 v2.5 (IHE PAM France)</source>
        <translation>HL7 v2.5 (IHE PAM France)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="38" />
        <source>FHIR R4 (a bundle)</source>
        <translation>FHIR R4 (un Bundle)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="41" />
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="45" />
        <source>HL7: one &amp;batch file (FHS/BHS … BTS/FTS) instead of one file per message</source>
        <translation>HL7 : un seul fichier &amp;lot (FHS/BHS … BTS/FTS) au lieu d'un fichier par message</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="47" />
        <source>HL7: &amp;MLLP framing around each message (or the batch)</source>
        <translation>HL7 : enc&amp;adrement MLLP de chaque message (ou du lot)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="50" />
        <source>Force the export &amp;although items block it</source>
        <translation>Forcer l'export &amp;bien que des éléments le bloquent</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="62" />
        <source>Write the e&amp;xport</source>
        <translation>Écrire l'e&amp;xport</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="66" />
        <source>F&amp;ormat</source>
        <translation>F&amp;ormat</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="66" />
        <source>Des&amp;tination</source>
        <translation>Des&amp;tination</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="66" />
        <source>Rea&amp;son</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="112" />
        <source>Where to write the export</source>
        <translation>Où écrire l'export</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="121" />
        <source>Say where to write the export.</source>
        <translation>Indiquez où écrire l'export.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="134" />
        <source>The %1 export is not in this version of Continuity yet: choose another format.</source>
        <translation>L'export %1 n'existe pas encore dans cette version de Continuity : choisissez un autre format.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="139" />
        <source>Written to %1: %2.</source>
        <translation>Écrit dans %1 : %2.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_export_page.py" line="141" />
        <source>Forced although items blocked it; the reason is kept with the sign-offs.</source>
        <translation>Forcé malgré des éléments bloquants ; le motif est conservé avec les acceptations.</translation>
    </message>
</context>
<context>
    <name>FillDialog</name>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="151" />
        <source>Fill the open slots from %1 to %2 (%3). Published and pinned shifts stay as they are.</source>
        <translation>Compléter les postes libres du %1 au %2 (%3). Les postes publiés et épinglés restent en place.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="153" />
        <source>all units</source>
        <translation>toutes les unités</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="187" />
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="211" />
        <source>The fill stopped on an error (%1); nothing was written.</source>
        <translation>Le remplissage s'est arrêté sur une erreur (%1) ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="215" />
        <source>Stopping: the best rota found so far is kept…</source>
        <translation>Arrêt : le meilleur planning trouvé jusqu'ici est gardé…</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="218" />
        <source>%n rota(s) found so far; penalty of the best: %1</source>
        <translation>
            <numerusform>%n planning trouvé pour l'instant ; pénalité du meilleur : %1</numerusform>
            <numerusform>%n plannings trouvés pour l'instant ; pénalité du meilleur : %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="230" />
        <source>Done in %1 s: %2; %3; %4.</source>
        <translation>Terminé en %1 s : %2 ; %3 ; %4.</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="231" />
        <source>%n shift(s) added</source>
        <translation>
            <numerusform>%n poste ajouté</numerusform>
            <numerusform>%n postes ajoutés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="232" />
        <source>%n shift(s) removed</source>
        <translation>
            <numerusform>%n poste retiré</numerusform>
            <numerusform>%n postes retirés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="233" />
        <source>%n rule(s) still to fix</source>
        <translation>
            <numerusform>%n règle encore à corriger</numerusform>
            <numerusform>%n règles encore à corriger</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="238" />
        <source>Cannot be met:</source>
        <translation>Impossible à tenir :</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_dialogs.py" line="243" />
        <source>Still to fix by hand:</source>
        <translation>À corriger à la main :</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <location filename="../continuity/ui/identity_dialog.py" line="34" />
        <source>F — female</source>
        <translation>F — féminin</translation>
    </message>
    <message>
        <location filename="../continuity/ui/identity_dialog.py" line="34" />
        <source>M — male</source>
        <translation>M — masculin</translation>
    </message>
    <message>
        <location filename="../continuity/ui/identity_dialog.py" line="34" />
        <source>U — unknown</source>
        <translation>U — inconnu</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="6" />
        <source>Correct the identity</source>
        <translation>Corriger l'identité</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="11" />
        <source>&amp;Birth name</source>
        <translation>Nom de &amp;naissance</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="13" />
        <source>U&amp;sed name</source>
        <translation>Nom d'usa&amp;ge</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="15" />
        <source>&amp;First names</source>
        <translation>&amp;Prénoms</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="17" />
        <source>Used first na&amp;me</source>
        <translation>Prénom &amp;utilisé</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="18" />
        <source>only if she goes by another first name</source>
        <translation>seulement si elle se fait appeler autrement</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="19" />
        <source>Birth &amp;date</source>
        <translation>&amp;Date de naissance</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="20" />
        <source>DD/MM/YYYY</source>
        <translation>JJ/MM/AAAA</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="21" />
        <source>Se&amp;x</source>
        <translation>Se&amp;xe</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="23" />
        <source>&amp;INS (from a card)</source>
        <translation>&amp;INS (d'une carte)</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="25" />
        <source>Birth &amp;place (INSEE code)</source>
        <translation>&amp;Lieu de naissance (code INSEE)</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="27" />
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <location filename="../forms/identity_dialog.ui" line="29" />
        <source>P&amp;hone</source>
        <translation>&amp;Téléphone</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../continuity/ui/login_dialog.py" line="58" />
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../continuity/ui/login_dialog.py" line="63" />
        <source>Type your user name.</source>
        <translation>Saisissez votre nom d'utilisateur.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/login_dialog.py" line="67" />
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location filename="../forms/login_dialog.ui" line="6" />
        <source>Continuity — sign in</source>
        <translation>Continuity — connexion</translation>
    </message>
    <message>
        <location filename="../forms/login_dialog.ui" line="10" />
        <source>DEGRADED MODE — the hospital information system is down</source>
        <translation>MODE DÉGRADÉ — le système d'information de l'hôpital est à l'arrêt</translation>
    </message>
    <message>
        <location filename="../forms/login_dialog.ui" line="22" />
        <source>&amp;User</source>
        <translation>&amp;Utilisateur</translation>
    </message>
    <message>
        <location filename="../forms/login_dialog.ui" line="24" />
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <location filename="../forms/login_dialog.ui" line="26" />
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../continuity/ui/main_window.py" line="225" />
        <source>Signed in: %1 (%2)</source>
        <translation>Connecté : %1 (%2)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="227" />
        <source>DEGRADED MODE — the hospital information system is down. Continuity on %1, %2. Last sync: %3</source>
        <translation>MODE DÉGRADÉ — le système d'information de l'hôpital est à l'arrêt. Continuity sur %1, %2. Dernière synchronisation : %3</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="329" />
        <source>%1 — free</source>
        <translation>%1 — libre</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="331" />
        <source>Admit here…</source>
        <translation>Admettre ici…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="333" />
        <source>Close this bed…</source>
        <translation>Fermer ce lit…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="335" />
        <source>%1 — closed</source>
        <translation>%1 — fermé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="337" />
        <source>Reopen this bed</source>
        <translation>Rouvrir ce lit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="343" />
        <source>Baby: %1</source>
        <translation>Bébé : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="345" />
        <source>Also in this bed: %1</source>
        <translation>Aussi dans ce lit : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="375" />
        <source>Transfer…</source>
        <translation>Muter…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="375" />
        <source>Transfer (e.g. to neonatology)…</source>
        <translation>Transférer (par exemple en néonatologie)…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="379" />
        <source>Return from leave…</source>
        <translation>Retour de permission…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="381" />
        <source>Temporary leave…</source>
        <translation>Permission temporaire…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="383" />
        <source>Discharge…</source>
        <translation>Sortie…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="385" />
        <source>Record a birth…</source>
        <translation>Enregistrer une naissance…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="387" />
        <source>Record her weight (not weighed yet)…</source>
        <translation>Saisir son poids (pas encore pesé·e)…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="387" />
        <source>Correct her weight…</source>
        <translation>Corriger son poids…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="389" />
        <source>Open the patient</source>
        <translation>Ouvrir le dossier</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="395" />
        <source>Close bed %1</source>
        <translation>Fermer le lit %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="396" />
        <source>Why is bed %1 closed? (shown on the bed board)</source>
        <translation>Pourquoi le lit %1 est-il fermé ? (affiché sur le tableau des lits)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="397" />
        <source>Plan blanc: capacity reduced</source>
        <translation>Plan blanc : capacité réduite</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="397" />
        <source>Room being cleaned or repaired</source>
        <translation>Chambre en nettoyage ou en travaux</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="398" />
        <source>Isolation</source>
        <translation>Isolement</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="398" />
        <source>Not enough staff</source>
        <translation>Manque de personnel</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="431" />
        <source>Password changed. It works on the other laptops after their next sync.</source>
        <translation>Mot de passe changé. Il fonctionne sur les autres portables après leur prochaine synchronisation.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="449" />
        <source>This laptop took its own changes back</source>
        <translation>Ce poste a repris ses propres modifications</translation>
    </message>
    <message>
        <location filename="../continuity/ui/main_window.py" line="456" />
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="6" />
        <source>Continuity — degraded mode</source>
        <translation>Continuity — mode dégradé</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="22" />
        <source>&amp;Bed board</source>
        <translation>&amp;Tableau des lits</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="23" />
        <source>&amp;Patients</source>
        <translation>&amp;Patients</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="24" />
        <source>&amp;Today</source>
        <translation>&amp;Aujourd'hui</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="25" />
        <source>Plannin&amp;g</source>
        <translation>P&amp;lanning</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="26" />
        <source>S&amp;ync</source>
        <translation>S&amp;ynchronisation</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="32" />
        <source>Locked: patient data is hidden. Sign in again to continue where you left off.</source>
        <translation>Verrouillé : les données des patients sont masquées. Reconnectez-vous pour reprendre là où vous en étiez.</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="39" />
        <source>&amp;Unlock</source>
        <translation>&amp;Déverrouiller</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="61" />
        <source>&amp;New admission…</source>
        <translation>&amp;Nouvelle admission…</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="61" />
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="62" />
        <source>&amp;Find a patient</source>
        <translation>&amp;Chercher un patient</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="62" />
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="63" />
        <source>&amp;Sync now</source>
        <translation>&amp;Synchroniser</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="63" />
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="64" />
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="64" />
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="65" />
        <source>S&amp;witch user…</source>
        <translation>C&amp;hanger d'utilisateur…</translation>
    </message>
    <message>
        <location filename="../forms/main_window.ui" line="66" />
        <source>Change my password…</source>
        <translation>Changer mon mot de passe…</translation>
    </message>
</context>
<context>
    <name>MovementDialog</name>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="68" />
        <source>Transfer</source>
        <translation>Mutation</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="68" />
        <source>Temporary leave</source>
        <translation>Permission temporaire</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="68" />
        <source>Return from leave</source>
        <translation>Retour de permission</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="69" />
        <source>Discharge</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="76" />
        <source>Home</source>
        <translation>Domicile</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="76" />
        <source>Another hospital</source>
        <translation>Autre établissement</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="76" />
        <source>Deceased</source>
        <translation>Décès</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="102" />
        <source>Not leaving with her, still in hospital: %1.</source>
        <translation>Ne sort pas avec elle, reste hospitalisé : %1.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="106" />
        <source>Her newborns move with her: %1.</source>
        <translation>Ses nouveau-nés la suivent : %1.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="106" />
        <source>Her newborns leave with her: %1.</source>
        <translation>Ses nouveau-nés sortent avec elle : %1.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/movement_dialogs.py" line="131" />
        <source>Choose the unit and a free bed she goes to.</source>
        <translation>Choisissez l'unité et le lit libre où elle va.</translation>
    </message>
    <message>
        <location filename="../forms/movement_dialog.ui" line="10" />
        <source>&amp;Unit</source>
        <translation>&amp;Unité</translation>
    </message>
    <message>
        <location filename="../forms/movement_dialog.ui" line="12" />
        <source>B&amp;ed</source>
        <translation>&amp;Lit</translation>
    </message>
    <message>
        <location filename="../forms/movement_dialog.ui" line="14" />
        <source>&amp;Destination</source>
        <translation>&amp;Destination</translation>
    </message>
    <message>
        <location filename="../forms/movement_dialog.ui" line="16" />
        <source>&amp;When</source>
        <translation>&amp;Quand</translation>
    </message>
    <message>
        <location filename="../forms/movement_dialog.ui" line="17" />
        <source>dd/MM/yyyy HH:mm</source>
        <translation>dd/MM/yyyy HH:mm</translation>
    </message>
</context>
<context>
    <name>MovementTableModel</name>
    <message>
        <location filename="../continuity/ui/today_view.py" line="21" />
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="21" />
        <source>Movement</source>
        <translation>Mouvement</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="21" />
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="21" />
        <source>Bed</source>
        <translation>Lit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="21" />
        <source>NDA</source>
        <translation>NDA</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="21" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="22" />
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="22" />
        <source>Went to</source>
        <translation>Sortie vers</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="26" />
        <source>admission</source>
        <translation>admission</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="26" />
        <source>transfer</source>
        <translation>mutation</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="26" />
        <source>leave</source>
        <translation>permission</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="27" />
        <source>return</source>
        <translation>retour</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="27" />
        <source>discharge</source>
        <translation>sortie</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="27" />
        <source>birth</source>
        <translation>naissance</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="30" />
        <source>home</source>
        <translation>domicile</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="30" />
        <source>another hospital</source>
        <translation>autre établissement</translation>
    </message>
    <message>
        <location filename="../continuity/ui/today_view.py" line="30" />
        <source>deceased</source>
        <translation>décès</translation>
    </message>
</context>
<context>
    <name>NumbersPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="22" />
        <source>IPP (patients)</source>
        <translation>IPP (patientes)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="23" />
        <source>NDA (stays)</source>
        <translation>NDA (séjours)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="38" />
        <source>&amp;Map</source>
        <translation>&amp;Associer</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="41" />
        <source>Import a CS&amp;V file…</source>
        <translation>Importer un fichier CS&amp;V…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="46" />
        <source>Do&amp;wntime number</source>
        <translation>Nu&amp;méro provisoire</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="46" />
        <source>Number &amp;kind</source>
        <translation>&amp;Type de numéro</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="47" />
        <source>Defini&amp;tive number</source>
        <translation>Numéro déf&amp;initif</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="63" />
        <source>A CSV file from the main system (';' or ','): the downtime number and the definitive one in columns named downtime / provisoire and definitive / definitif.</source>
        <translation>Un fichier CSV du système principal (« ; » ou « , ») : le numéro provisoire et le définitif dans des colonnes nommées provisoire / downtime et definitif / definitive.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="92" />
        <source>&amp;Unmapped downtime numbers: %1</source>
        <translation>Numéros provi&amp;soires sans définitif : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="111" />
        <source>CSV file from the main system</source>
        <translation>Fichier CSV du système principal</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="112" />
        <source>CSV files (*.csv *.txt)</source>
        <translation>Fichiers CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="141" />
        <source>CSV columns used: downtime = %1, definitive = %2 (separator “%3”).</source>
        <translation>Colonnes CSV utilisées : provisoire = %1, définitif = %2 (séparateur « %3 »).</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="143" />
        <source>%n number(s) mapped</source>
        <translation>
            <numerusform>%n numéro associé</numerusform>
            <numerusform>%n numéros associés</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="145" />
        <source>line %1</source>
        <translation>ligne %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="145" />
        <source>typed</source>
        <translation>saisi</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="146" />
        <source>Refused (%1): %2 → %3: %4</source>
        <translation>Refusé (%1) : %2 → %3 : %4</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../continuity/ui/password_dialog.py" line="31" />
        <source>Change my password</source>
        <translation>Changer mon mot de passe</translation>
    </message>
    <message>
        <location filename="../continuity/ui/password_dialog.py" line="39" />
        <source>At least 12 characters. A short sentence of unrelated words is easy to remember and hard to guess. The new password works on the other laptops after their next sync.</source>
        <translation>Au moins 12 caractères. Une courte phrase de mots sans rapport entre eux se retient facilement et se devine difficilement. Le nouveau mot de passe fonctionne sur les autres portables après leur prochaine synchronisation.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/password_dialog.py" line="43" />
        <source>&amp;Current password</source>
        <translation>Mot de passe &amp;actuel</translation>
    </message>
    <message>
        <location filename="../continuity/ui/password_dialog.py" line="43" />
        <source>&amp;New password</source>
        <translation>&amp;Nouveau mot de passe</translation>
    </message>
    <message>
        <location filename="../continuity/ui/password_dialog.py" line="44" />
        <source>New password &amp;again</source>
        <translation>Nouveau mot de passe, &amp;encore</translation>
    </message>
    <message>
        <location filename="../continuity/ui/password_dialog.py" line="77" />
        <source>Type your current password.</source>
        <translation>Saisissez votre mot de passe actuel.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/password_dialog.py" line="80" />
        <source>The two new passwords differ: type it again.</source>
        <translation>Les deux nouveaux mots de passe diffèrent : saisissez-le à nouveau.</translation>
    </message>
</context>
<context>
    <name>PatientPage</name>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="253" />
        <source>born</source>
        <translation>né(e) le</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="254" />
        <source>sex</source>
        <translation>sexe</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="255" />
        <source>identity</source>
        <translation>identité</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="256" />
        <source>copied from a card, not qualified</source>
        <translation>recopié d'une carte, non qualifié</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="257" />
        <source>Stay</source>
        <translation>Séjour</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="258" />
        <source>birth</source>
        <translation>naissance</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="259" />
        <source>weight not recorded yet</source>
        <translation>poids pas encore enregistré</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="260" />
        <source>Mother</source>
        <translation>Mère</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="261" />
        <source>Audit history</source>
        <translation>Historique d'audit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="262" />
        <source>Identity changes</source>
        <translation>Modifications de l'identité</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="263" />
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="264" />
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>PatientTableModel</name>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="48" />
        <source>IPP</source>
        <translation>IPP</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="48" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="48" />
        <source>Born</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="48" />
        <source>Sex</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="48" />
        <source>Where</source>
        <translation>Où</translation>
    </message>
</context>
<context>
    <name>PatientsView</name>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="84" />
        <source>Name, IPP, NDA or birth date (accents ignored)</source>
        <translation>Nom, IPP, NDA ou date de naissance (accents ignorés)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="102" />
        <source>&amp;Cancel a wrong movement…</source>
        <translation>Ann&amp;uler un mouvement erroné…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="106" />
        <source>Co&amp;rrect the identity…</source>
        <translation>Co&amp;rriger l'identité…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="110" />
        <source>Record a weig&amp;ht…</source>
        <translation>Saisir un poi&amp;ds…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="150" />
        <source>No patient found for “%1”.</source>
        <translation>Aucun patient trouvé pour « %1 ».</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="223" />
        <source>Cancel a wrong movement</source>
        <translation>Annuler un mouvement erroné</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="223" />
        <source>Movement to cancel</source>
        <translation>Mouvement à annuler</translation>
    </message>
    <message>
        <location filename="../continuity/ui/patients_view.py" line="229" />
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
</context>
<context>
    <name>PeriodPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="21" />
        <source>The period is signed off by two people: one prepares it, someone else approves the workspace exactly as it was prepared. A later decision (a merge, a mapped number, a conflict settled) makes the preparation stale: it must be prepared again.</source>
        <translation>La période est validée par deux personnes : l'une la prépare, une autre approuve l'espace de travail exactement tel qu'il a été préparé. Une décision ultérieure (une fusion, un numéro associé, un conflit réglé) rend la préparation caduque : il faut la refaire.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="35" />
        <source>Sign: &amp;I prepared the period</source>
        <translation>Signer : &amp;j'ai préparé la période</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="37" />
        <source>Sign: I appro&amp;ve it</source>
        <translation>Signer : je l'approu&amp;ve</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="41" />
        <source>&amp;Write the period's report…</source>
        <translation>Écrire le rappor&amp;t de la période…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="46" />
        <source>Your na&amp;me</source>
        <translation>Votre n&amp;om</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="46" />
        <source>No&amp;te (optional)</source>
        <translation>Rem&amp;arque (facultative)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="82" />
        <source>Nobody has prepared the period yet.</source>
        <translation>Personne n'a encore préparé la période.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="84" />
        <source>Prepared by %1 on %2.</source>
        <translation>Préparée par %1 le %2.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="86" />
        <source>The workspace changed since: it must be prepared again.</source>
        <translation>L'espace de travail a changé depuis : il faut la préparer à nouveau.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="88" />
        <source>Approved by %1 on %2: the period is signed off.</source>
        <translation>Approuvée par %1 le %2 : la période est validée.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="91" />
        <source>Waiting for someone else's approval.</source>
        <translation>En attente de l'approbation d'une autre personne.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="107" />
        <source>Signed by %1.</source>
        <translation>Signé par %1.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="114" />
        <source>The period's report (a .pdf or .html file)</source>
        <translation>Le rapport de la période (un fichier .pdf ou .html)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="115" />
        <source>Reports (*.pdf *.html)</source>
        <translation>Rapports (*.pdf *.html)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_period.py" line="126" />
        <source>Period report written to %1.</source>
        <translation>Rapport de la période écrit dans %1.</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="33" />
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="34" />
        <source>IPP</source>
        <translation>IPP</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="35" />
        <source>Stays (NDA)</source>
        <translation>Séjours (NDA)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="36" />
        <source>Bed</source>
        <translation>Lit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="37" />
        <source>First time</source>
        <translation>Première heure</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="38" />
        <source>Second time</source>
        <translation>Seconde heure</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="55" />
        <source>Two current stays</source>
        <translation>Deux séjours en cours</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="56" />
        <source>A bed held by two stays</source>
        <translation>Un lit occupé par deux séjours</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="61" />
        <source>Nothing to decide: no woman with two current stays, no bed held twice, no impossible times.</source>
        <translation>Rien à trancher : aucune femme avec deux séjours en cours, aucun lit occupé deux fois, aucune heure impossible.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_problems_page.py" line="63" />
        <source>For the ward to decide (listed here, never corrected): women with two current stays: %1 · beds held twice: %2 · impossible timelines: %3</source>
        <translation>À trancher par le service (listé ici, jamais corrigé) : femmes avec deux séjours en cours : %1 · lits occupés deux fois : %2 · chronologies impossibles : %3</translation>
    </message>
</context>
<context>
    <name>ReconcileWindow</name>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="38" />
        <source>Continuity — reconciliation (IT) — %1</source>
        <translation>Continuity — rapprochement (informatique) — %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="49" />
        <source>&amp;Completeness</source>
        <translation>&amp;Complétude</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="49" />
        <source>Con&amp;flicts</source>
        <translation>Con&amp;flits</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="50" />
        <source>Si&amp;gn off a laptop</source>
        <translation>Accepter &amp;un poste en l'état</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="50" />
        <source>&amp;Duplicates</source>
        <translation>&amp;Doublons</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="51" />
        <source>&amp;Numbers</source>
        <translation>&amp;Numéros</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="51" />
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="52" />
        <source>&amp;Period sign-off</source>
        <translation>Validation de la &amp;période</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="52" />
        <source>To decide b&amp;y the ward</source>
        <translation>&amp;Questions à trancher par le service</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="55" />
        <source>&amp;Refresh</source>
        <translation>&amp;Relire</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="60" />
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="65" />
        <source>Workspace: %1</source>
        <translation>Espace de travail : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="89" />
        <source>Locked after being left idle. The passphrase of IT's key opens it again.</source>
        <translation>Verrouillée après une période d'inactivité. La phrase secrète de la clé informatique la rouvre.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="92" />
        <source>&amp;Unlock…</source>
        <translation>&amp;Déverrouiller…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_window.py" line="148" />
        <source>Something went wrong (%1). Nothing was lost; try again.</source>
        <translation>Un problème est survenu (%1). Rien n'est perdu ; réessayez.</translation>
    </message>
</context>
<context>
    <name>Rota</name>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="30" />
        <source>Mon</source>
        <translation>lun</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="30" />
        <source>Tue</source>
        <translation>mar</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="30" />
        <source>Wed</source>
        <translation>mer</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="31" />
        <source>Thu</source>
        <translation>jeu</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="31" />
        <source>Fri</source>
        <translation>ven</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="31" />
        <source>Sat</source>
        <translation>sam</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="32" />
        <source>Sun</source>
        <translation>dim</translation>
    </message>
</context>
<context>
    <name>RotaAbsenceDialog</name>
    <message>
        <location filename="../forms/rota_absence_dialog.ui" line="6" />
        <source>Record an absence</source>
        <translation>Saisir une absence</translation>
    </message>
    <message>
        <location filename="../forms/rota_absence_dialog.ui" line="8" />
        <source>&amp;Person</source>
        <translation>&amp;Personne</translation>
    </message>
    <message>
        <location filename="../forms/rota_absence_dialog.ui" line="10" />
        <source>&amp;Kind</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <location filename="../forms/rota_absence_dialog.ui" line="12" />
        <source>&amp;From</source>
        <translation>&amp;Du</translation>
    </message>
    <message>
        <location filename="../forms/rota_absence_dialog.ui" line="14" />
        <source>&amp;To (included)</source>
        <translation>&amp;Au (inclus)</translation>
    </message>
    <message>
        <location filename="../forms/rota_absence_dialog.ui" line="16" />
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../forms/rota_absence_dialog.ui" line="17" />
        <source>No medical details</source>
        <translation>Aucun détail médical</translation>
    </message>
</context>
<context>
    <name>RotaCopyDialog</name>
    <message>
        <location filename="../forms/rota_copy_dialog.ui" line="6" />
        <source>Copy a week</source>
        <translation>Copier une semaine</translation>
    </message>
    <message>
        <location filename="../forms/rota_copy_dialog.ui" line="8" />
        <source>Copy the &amp;week of</source>
        <translation>Copier la &amp;semaine du</translation>
    </message>
    <message>
        <location filename="../forms/rota_copy_dialog.ui" line="10" />
        <source>&amp;Onto the week of</source>
        <translation>&amp;Vers la semaine du</translation>
    </message>
    <message>
        <location filename="../forms/rota_copy_dialog.ui" line="12" />
        <source>Cells already holding a shift, and days someone is absent, are kept as they are.</source>
        <translation>Les cases déjà remplies et les jours d'absence restent tels quels.</translation>
    </message>
</context>
<context>
    <name>RotaFillDialog</name>
    <message>
        <location filename="../forms/rota_fill_dialog.ui" line="6" />
        <source>Fill the rota</source>
        <translation>Remplir le planning</translation>
    </message>
    <message>
        <location filename="../forms/rota_fill_dialog.ui" line="9" />
        <source>Also &amp;move published shifts (pinned shifts never move)</source>
        <translation>&amp;Déplacer aussi les postes publiés (les postes épinglés ne bougent jamais)</translation>
    </message>
    <message>
        <location filename="../forms/rota_fill_dialog.ui" line="16" />
        <source>&amp;Fill</source>
        <translation>&amp;Remplir</translation>
    </message>
    <message>
        <location filename="../forms/rota_fill_dialog.ui" line="17" />
        <source>&amp;Stop</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <location filename="../forms/rota_fill_dialog.ui" line="18" />
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
</context>
<context>
    <name>RotaGridModel</name>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="122" />
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="124" />
        <source>Hours</source>
        <translation>Heures</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="168" />
        <source>%1 · %2 · units %3 · skills %4</source>
        <translation>%1 · %2 · unités %3 · compétences %4</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="205" />
        <source>%1 in %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="206" />
        <source>pinned</source>
        <translation>épinglé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="207" />
        <source>published</source>
        <translation>publié</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_models.py" line="207" />
        <source>draft</source>
        <translation>brouillon</translation>
    </message>
</context>
<context>
    <name>RotaView</name>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="70" />
        <source>Change %1 on %2</source>
        <translation>Modifier %1 le %2</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="94" />
        <source>(rest)</source>
        <translation>(repos)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="198" />
        <source>All units</source>
        <translation>Toutes les unités</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="217" />
        <source>day</source>
        <translation>jour</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="217" />
        <source>night</source>
        <translation>nuit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="217" />
        <source>absent</source>
        <translation>absent·e</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="218" />
        <source>breaks a rule / short</source>
        <translation>règle enfreinte / effectif insuffisant</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="218" />
        <source>below the usual cover</source>
        <translation>sous l'effectif habituel</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="219" />
        <source>italic</source>
        <translation>italique</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="219" />
        <source>not yet published</source>
        <translation>pas encore publié</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="220" />
        <source>pinned</source>
        <translation>épinglé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="221" />
        <source>framed: changed by the last fill</source>
        <translation>encadré : modifié par le dernier remplissage</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="284" />
        <source>never published</source>
        <translation>jamais publié</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="285" />
        <source>version %1, %n change(s) not published</source>
        <translation>
            <numerusform>version %1, %n modification non publiée</numerusform>
            <numerusform>version %1, %n modifications non publiées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="287" />
        <source>%n rule(s) to fix</source>
        <translation>
            <numerusform>%n règle à corriger</numerusform>
            <numerusform>%n règles à corriger</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="287" />
        <source>%1; %2; %3; %4.</source>
        <translation>%1 ; %2 ; %3 ; %4.</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="288" />
        <source>%n preference(s) not met</source>
        <translation>
            <numerusform>%n souhait non respecté</numerusform>
            <numerusform>%n souhaits non respectés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="289" />
        <source>%n cover shortfall(s)</source>
        <translation>
            <numerusform>%n manque d'effectif</numerusform>
            <numerusform>%n manques d'effectif</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="355" />
        <source>Refused:</source>
        <translation>Refusé :</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="375" />
        <source>Unpin</source>
        <translation>Désépingler</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="375" />
        <source>Pin (fill never moves it)</source>
        <translation>Épingler (le remplissage ne le déplace jamais)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="378" />
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="382" />
        <source>Swap the two selected cells</source>
        <translation>Échanger les deux cases choisies</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="387" />
        <source>Cancel this absence (the cleared shifts are not put back)</source>
        <translation>Annuler cette absence (les postes effacés ne sont pas remis)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="391" />
        <source>Absence for %1…</source>
        <translation>Absence de %1…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="418" />
        <source>Publish</source>
        <translation>Publier</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="419" />
        <source>Publish the shifts from %1 for %2 week(s)? The automatic fill will no longer move them.</source>
        <translation>Publier les postes à partir du %1 sur %2 semaine(s) ? Le remplissage automatique ne les déplacera plus.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="434" />
        <source>Save the rota as PDF</source>
        <translation>Enregistrer le planning en PDF</translation>
    </message>
    <message>
        <location filename="../continuity/ui/rota_view.py" line="434" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="437" />
        <source>Saved: %1 (%n page(s)).</source>
        <translation>
            <numerusform>Enregistré : %1 (%n page).</numerusform>
            <numerusform>Enregistré : %1 (%n pages).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="9" />
        <source>Previous week</source>
        <translation>Semaine précédente</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="12" />
        <source>Next week</source>
        <translation>Semaine suivante</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="10" />
        <source>Fro&amp;m</source>
        <translation>&amp;Du</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="13" />
        <source>Wee&amp;ks</source>
        <translation>Se&amp;maines</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="15" />
        <source>&amp;Unit</source>
        <translation>&amp;Unité</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="22" />
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="23" />
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="24" />
        <source>&amp;Absence…</source>
        <translation>Abs&amp;ence…</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="25" />
        <source>&amp;Copy a week…</source>
        <translation>C&amp;opier une semaine…</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="26" />
        <source>F&amp;ill…</source>
        <translation>Rempl&amp;ir…</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="27" />
        <source>Publis&amp;h</source>
        <translation>Pu&amp;blier</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="28" />
        <source>P&amp;rint…</source>
        <translation>Imp&amp;rimer…</translation>
    </message>
    <message>
        <location filename="../forms/rota_view.ui" line="29" />
        <source>Save as P&amp;DF…</source>
        <translation>Enregistrer en PD&amp;F…</translation>
    </message>
</context>
<context>
    <name>SignoffPage</name>
    <message>
        <location filename="../continuity/ui/reconcile_signoff.py" line="17" />
        <source>A laptop's missing bundles or forks block the export. When they will never be settled (a laptop lost, a stick broken), sign them off with the reason: they no longer block while they stay as they are, and anything new about that laptop blocks again.</source>
        <translation>Les paquets manquants ou les divergences d'un poste bloquent l'export. S'ils ne seront jamais réglés (poste perdu, clé cassée), acceptez-les en l'état avec le motif : ils ne bloquent plus tant qu'ils restent tels quels, et toute nouveauté sur ce poste bloque à nouveau.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_signoff.py" line="28" />
        <source>e.g. the laptop was stolen; its bundles 4–6 will never come</source>
        <translation>p. ex. le poste a été volé ; ses paquets 4–6 ne viendront jamais</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_signoff.py" line="32" />
        <source>Sign &amp;off</source>
        <translation>&amp;Lever le blocage</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_signoff.py" line="36" />
        <source>&amp;Laptop</source>
        <translation>P&amp;oste</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_signoff.py" line="36" />
        <source>Rea&amp;son</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_signoff.py" line="71" />
        <source>Nothing blocks the export.</source>
        <translation>Rien ne bloque l'export.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_signoff.py" line="73" />
        <source>Signed off already:</source>
        <translation>Déjà acceptés en l'état :</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_signoff.py" line="89" />
        <source>%n item(s) signed off for %1.</source>
        <translation>
            <numerusform>%n élément accepté en l'état pour %1.</numerusform>
            <numerusform>%n éléments acceptés en l'état pour %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="43" />
        <source>Sync n&amp;ow</source>
        <translation>Synchroniser &amp;maintenant</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="44" />
        <source>Choose the sync fold&amp;er or USB stick…</source>
        <translation>Choisir le &amp;dossier ou la clé USB de synchronisation…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="46" />
        <source>&amp;Acknowledge a conflict…</source>
        <translation>Prendre en compte un con&amp;flit…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="47" />
        <source>&amp;Resolve a conflict (IT)…</source>
        <translation>&amp;Résoudre un conflit (informatique)…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="54" />
        <source>Data f&amp;ingerprint</source>
        <translation>&amp;Empreinte des données</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="78" />
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="87" />
        <source>Sync folder or USB stick</source>
        <translation>Dossier ou clé USB de synchronisation</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="106" />
        <source>Syncing…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="131" />
        <source>Acknowledge a conflict</source>
        <translation>Prendre en compte un conflit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="131" />
        <location filename="../continuity/ui/sync_view.py" line="141" />
        <source>Conflict</source>
        <translation>Conflit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="141" />
        <location filename="../continuity/ui/sync_view.py" line="147" />
        <source>Resolve a conflict</source>
        <translation>Résoudre un conflit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="147" />
        <source>Keep</source>
        <translation>Garder</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="20" />
        <source>%1 — %2: in force “%3” (%4); the other value “%5” (%6)</source>
        <translation>%1 — %2 : en vigueur « %3 » (%4) ; l'autre valeur « %5 » (%6)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="52" />
        <source>&amp;Verify the audit trail</source>
        <translation>Vérifier le &amp;journal d'audit</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="53" />
        <source>Check the &amp;database</source>
        <translation>Contrôler la &amp;base de données</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="145" />
        <source>Bring back “%1”</source>
        <translation>Rétablir « %1 »</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="146" />
        <source>Keep “%1”</source>
        <translation>Garder « %1 »</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="155" />
        <location filename="../continuity/ui/sync_view.py" line="168" />
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="162" />
        <source>Audit trail BROKEN at entry %1 (%2): tell IT's security officer.</source>
        <translation>Journal d'audit ROMPU à l'entrée %1 (%2) : prévenez le responsable sécurité informatique.</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/sync_view.py" line="160" />
        <source>Audit trail intact: %n entry(ies).</source>
        <translation>
            <numerusform>Journal d'audit intact : %n entrée.</numerusform>
            <numerusform>Journal d'audit intact : %n entrées.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="173" />
        <source>Database OK: %1, %2.</source>
        <translation>Base de données correcte : %1, %2.</translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/sync_view.py" line="173" />
        <source>%n journal entry(ies)</source>
        <translation>
            <numerusform>%n entrée de journal</numerusform>
            <numerusform>%n entrées de journal</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/sync_view.py" line="174" />
        <source>%n audit entry(ies)</source>
        <translation>
            <numerusform>%n entrée d'audit</numerusform>
            <numerusform>%n entrées d'audit</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="176" />
        <source>Database problems: %1</source>
        <translation>Problèmes dans la base de données : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="180" />
        <source>Computing…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="182" />
        <source>Data fingerprint (the same on every laptop that has received the same changes): %1</source>
        <translation>Empreinte des données (la même sur chaque ordinateur qui a reçu les mêmes modifications) : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="192" />
        <source>No sync folder set</source>
        <translation>Aucun dossier de synchronisation</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="194" />
        <source>Sync folder unreachable</source>
        <translation>Dossier de synchronisation inaccessible</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="196" />
        <source>Sync folder problem: see the Sync tab</source>
        <translation>Problème de dossier de synchronisation : voir l'onglet Synchronisation</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="198" />
        <source>To send: %1 · problems: %2</source>
        <translation>À envoyer : %1 · problèmes : %2</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="200" />
        <source>Synced</source>
        <translation>Synchronisé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="203" />
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="204" />
        <source>This laptop: %1</source>
        <translation>Ce poste : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="205" />
        <source>%1: received up to bundle %2, on %3</source>
        <translation>%1 : reçu jusqu'au paquet %2, le %3</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="206" />
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="207" />
        <source>last pass</source>
        <translation>dernier passage</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="212" />
        <source>Changes not yet sent</source>
        <translation>Modifications pas encore envoyées</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="213" />
        <source>Other laptops</source>
        <translation>Autres postes</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="218" />
        <source>They stay safely on this laptop until a sync folder is chosen: the shared folder or a USB stick (button above).</source>
        <translation>Elles restent en sécurité sur ce poste tant qu'aucun dossier de synchronisation n'est choisi : le dossier partagé ou une clé USB (bouton ci-dessus).</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="221" />
        <source>Nothing received from another laptop yet</source>
        <translation>Rien reçu d'un autre poste pour l'instant</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="224" />
        <source>Files set aside</source>
        <translation>Fichiers mis de côté</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="225" />
        <source>Conflicts to review</source>
        <translation>Conflits à examiner</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="226" />
        <source>Beds with two patients</source>
        <translation>Lits avec deux patients</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="227" />
        <source>Admitted twice (cancel the wrong admission on her page)</source>
        <translation>Admises deux fois (annulez l'admission erronée depuis son dossier)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="229" />
        <source>Probable duplicate patients</source>
        <translation>Doublons probables de patients</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="233" />
        <source>Missing bundles</source>
        <translation>Paquets manquants</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="234" />
        <source>Clock warnings</source>
        <translation>Alertes d'horloge</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="235" />
        <source>Restored from an older copy</source>
        <translation>Restauré d'une copie plus ancienne</translation>
    </message>
    <message>
        <location filename="../continuity/ui/sync_view.py" line="238" />
        <source>The value in force is the same on every laptop. Check it against the paper record: if it is right, acknowledge the conflict; if the other one is, ask IT to keep it.</source>
        <translation>La valeur en vigueur est la même sur chaque ordinateur. Vérifiez-la sur le dossier papier : si elle est juste, prenez le conflit en compte ; si c'est l'autre, demandez à l'informatique de la garder.</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../continuity/ui/today_view.py" line="92" />
        <source>Last 24 hours, since %1 — admissions: %2 · births: %3 · transfers: %4 · discharges: %5 · leaves: %6 · returns: %7 · cancelled: %8</source>
        <translation>Dernières 24 heures, depuis le %1 — admissions : %2 · naissances : %3 · transferts : %4 · sorties : %5 · permissions : %6 · retours : %7 · annulés : %8</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="37" />
        <source>Reconciliation workspace (IT)</source>
        <translation>Espace de rapprochement (informatique)</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="37" />
        <source>Reconciliation window locked</source>
        <translation>Fenêtre de réconciliation verrouillée</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="38" />
        <source>Workspace: %1</source>
        <translation>Espace de travail : %1</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="40" />
        <source>Locked after being left idle: the passphrase of IT's key opens it again.</source>
        <translation>Verrouillée après une période d'inactivité : la phrase secrète de la clé informatique la rouvre.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="45" />
        <source>&amp;Passphrase of IT's key</source>
        <translation>&amp;Phrase secrète de la clé informatique</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="52" />
        <source>Make a &amp;new workspace here…</source>
        <translation>Créer un &amp;nouvel espace ici…</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="75" />
        <source>Type the passphrase of IT's key.</source>
        <translation>Tapez la phrase secrète de la clé informatique.</translation>
    </message>
    <message>
        <location filename="../continuity/ui/reconcile_unlock.py" line="83" />
        <source>Something went wrong (%1).</source>
        <translation>Un problème est survenu (%1).</translation>
    </message>
</context>
<context>
    <name>WeightDialog</name>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="34" />
        <source>Record a baby's weight</source>
        <translation>Saisir le poids d'un bébé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="38" />
        <source>%1 g</source>
        <translation>%1 g</translation>
    </message>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="38" />
        <source>not weighed yet</source>
        <translation>pas encore pesé·e</translation>
    </message>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="39" />
        <source>Baby %1: %2 (IPP %3) — %4</source>
        <translation>Bébé %1 : %2 (IPP %3) — %4</translation>
    </message>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="49" />
        <source> g</source>
        <translation> g</translation>
    </message>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="52" />
        <source>&amp;Baby</source>
        <translation>&amp;Bébé</translation>
    </message>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="54" />
        <source>&amp;Weight</source>
        <translation>&amp;Poids</translation>
    </message>
    <message>
        <location filename="../continuity/ui/weight_dialog.py" line="82" />
        <source>Type the weight in grams.</source>
        <translation>Saisissez le poids en grammes.</translation>
    </message>
</context>
</TS>