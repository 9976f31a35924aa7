"""Helpers of the citations tests: a real excerpt of a ruling citing others."""

DOCTOLIB_EXCERPT = (
    "8. Il résulte de l'instruction que, par l'arrêt de la Cour de justice de l'Union européenne "
    "du 16 juillet 2020, Data Protection Commissioner c/ Facebook Ireland Ltd et Maximillian "
    "Schrems (C-311/18), la Cour a déclaré invalide la décision d'exécution (UE) 2016/1250 de la "
    "Commission du 12 juillet 2016 relative à l'adéquation de la protection assurée par le "
    "bouclier de protection des données UE-États-Unis. Comme l'a relevé le juge des référés du "
    "Conseil d'État dans son ordonnance du 13 octobre 2020 (CE, réf., 13 oct. 2020, n° 444937), "
    "les données hébergées par une société soumise au droit américain peuvent faire l'objet de "
    "demandes d'accès (D. 2020. 2432 ; N° Lexbase : A72903XU ; RUE n°646)."
)
