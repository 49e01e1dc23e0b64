"""French messages for filling the rota with the solver. Keys are the English source strings."""

CATALOGUE: dict[str, str] = {
    "{unit} {shift} on {date}: {minimum} {role} needed, only {possible} can work "
    "({absent} absent, {unqualified} without the skill or outside their units, {busy} already working or resting).":
        "{unit} {shift} le {date} : {minimum} {role} nécessaires, seulement {possible} peuvent travailler "
        "({absent} absents, {unqualified} sans la compétence ou hors de leurs unités, {busy} déjà en poste ou en repos).",
    "{unit} {shift} on {date}: {minimum} {role} needed, {count} planned; {possible} could work that shift but the "
    "working-time rules and the other needs leave too few of them free.":
        "{unit} {shift} le {date} : {minimum} {role} nécessaires, {count} prévus ; {possible} pourraient assurer ce poste "
        "mais les règles du temps de travail et les autres besoins en laissent trop peu de libres.",
    "Birth suite on {date} at {time}: {count} qualified midwife(s) needed, only {possible} can be there "
    "({absent} absent, {unqualified} without the skill, {busy} already working or resting).":
        "Salle de naissance le {date} à {time} : {count} sage(s)-femme(s) qualifiée(s) nécessaire(s), seulement "
        "{possible} peuvent être présentes ({absent} absentes, {unqualified} sans la compétence, {busy} déjà en poste "
        "ou en repos).",
    "Birth suite on {date} at {time}: {count} qualified midwife(s) needed, {present} planned; {possible} could be there "
    "but the working-time rules and the other needs leave too few of them free.":
        "Salle de naissance le {date} à {time} : {count} sage(s)-femme(s) qualifiée(s) nécessaire(s), {present} "
        "prévue(s) ; {possible} pourraient être présentes mais les règles du temps de travail et les autres besoins "
        "en laissent trop peu de libres.",
}
