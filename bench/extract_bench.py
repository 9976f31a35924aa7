"""Extraction throughput on a generated corpus (>= 10 MB) against the floor regex of issue 4.

    DEBUG=1 .venv/bin/python bench/extract_bench.py [--mb 10] [--seed 4] [--repeat 3] [--varied]

The floor is one pass of a single simple regex over the same text; the target is at least a
third of its throughput. Not a test: the numbers depend on the machine.

The default corpus repeats eight citations verbatim, which flatters an extractor that analyses
each distinct citation text once; `--varied` draws fresh dates and numbers for every citation
(same forms, same proportions) to measure without that help.
"""

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from citations.extract import extract  # noqa: E402

FLOOR = re.compile(
    r"ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}|[CTF]-\d{1,4}/\d{2}|n°\s*\d{5,6}"
)

PROSE = [
    "Considérant qu'il résulte de l'instruction que la société a conclu un contrat avec le "
    "ministère pour la gestion des rendez-vous de vaccination contre la covid-19.",
    "The referring court asks, in essence, whether the transfer of personal data to a third "
    "country is compatible with the Charter of Fundamental Rights of the European Union.",
    "Aux termes de l'article L. 521-2 du code de justice administrative, le juge des référés "
    "peut ordonner toutes mesures nécessaires à la sauvegarde d'une liberté fondamentale.",
    "Il n'apparaît pas, en l'état de l'instruction, que le niveau de protection soit "
    "manifestement insuffisant au regard du risque de transfert vers les États-Unis.",
    "(D. 2020. 2432 ; AJDA 2021, p. 1234 ; RUE n°646 ; N° Lexbase : A72903XU)",
    "décision d'exécution (UE) 2016/1250 de la Commission du 12 juillet 2016",
]
CITATIONS = [
    "CJUE, 16 juillet 2020, Data Protection Commissioner c/ Facebook Ireland et Schrems, "
    "aff. C\u2011311/18, ECLI:EU:C:2020:559",
    "CE, réf., 13 oct. 2020, n° 444937",
    "CE, ord. réf., 12 mars 2021, req. n° 450163",
    "Conseil d'État, 21/04/2021, 393099",
    "affaires jointes C-511/18, C-512/18 et C-520/18",
    "judgment of 6 October 2015, Schrems (C-362/14, EU:C:2015:650, paragraph 73)",
    "ordonnance du 12 mars 2021 du juge des référés du Conseil d'État",
    "CELEX 62018CJ0311",
]


MONTHS = ("janvier", "mars", "avril", "juillet", "oct.", "déc.")
MONTHS_EN = ("January", "March", "July", "October")


def varied_citation(rng: random.Random) -> str:
    """One of the forms of CITATIONS with fresh dates and numbers."""
    day, year, yy = rng.randint(1, 28), rng.randint(2005, 2023), rng.randint(5, 23)
    month, n = rng.choice(MONTHS), rng.randint(1, 999)
    ce = rng.randint(300000, 499999)
    forms = (
        f"CJUE, {day} {month} {year}, Partie {n} c/ Société {ce % 97}, "
        f"aff. C\u2011{n}/{yy:02d}, ECLI:EU:C:{year}:{n}",
        f"CE, réf., {day} {month} {year}, n° {ce}",
        f"CE, ord. réf., {day} {month} {year}, req. n° {ce}",
        f"Conseil d'État, {day:02d}/{rng.randint(1, 12):02d}/{year}, {ce}",
        f"affaires jointes C-{n}/{yy:02d}, C-{n + 1}/{yy:02d} et C-{n + 9}/{yy:02d}",
        f"judgment of {day} {rng.choice(MONTHS_EN)} {year}, Party {n} (C-{n}/{yy:02d}, "
        f"EU:C:{year}:{ce % 900 + 1}, paragraph {day + 40})",
        f"ordonnance du {day} {month} {year} du juge des référés du Conseil d'État",
        f"CELEX 6{year}CJ{n:04d}",
    )
    return rng.choice(forms)


def corpus(megabytes: float, seed: int, varied: bool = False) -> str:
    rng = random.Random(seed)
    parts, size, target = [], 0, int(megabytes * 1024 * 1024)
    while size < target:
        if rng.random() < 0.25:
            piece = varied_citation(rng) if varied else rng.choice(CITATIONS)
        else:
            piece = rng.choice(PROSE)
        parts.append(piece)
        size += len(piece.encode("utf-8")) + 1
    return " ".join(parts)


def best_of(n: int, fn) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(n):
        start = time.perf_counter()
        count = fn()
        best = min(best, time.perf_counter() - start)
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--varied", action="store_true", help="fresh dates and numbers")
    args = parser.parse_args()
    text = corpus(args.mb, args.seed, args.varied)
    mb = len(text.encode("utf-8")) / 1024 / 1024
    floor_s, floor_n = best_of(args.repeat, lambda: sum(1 for _ in FLOOR.finditer(text)))
    ours_s, ours_n = best_of(args.repeat, lambda: len(extract(text)))
    kind = "varied" if args.varied else "default"
    print(f"corpus: {mb:.1f} MB, {len(text):,} characters ({kind})")
    print(f"floor regex: {mb / floor_s:8.1f} MB/s  ({floor_n:,} matches, {floor_s:.2f} s)")
    print(f"extract():   {mb / ours_s:8.1f} MB/s  ({ours_n:,} matches, {ours_s:.2f} s)")
    print(f"ratio extract/floor: {floor_s / ours_s:.2f} (target >= 0.33)")


if __name__ == "__main__":
    main()
