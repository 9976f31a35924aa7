"""Extraction throughput on a generated corpus (>= 10 MB) against a floor regex (bench/README.md).

    DEBUG=1 .venv/bin/python bench/extract_bench.py [--mb 10] [--seed 4] [--repeat 5] [--varied]

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
import statistics
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


def timed(fn) -> tuple[float, int]:
    start = time.perf_counter()
    count = fn()
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5, help="rounds")
    parser.add_argument("--varied", action="store_true", help="fresh dates and numbers")
    args = parser.parse_args()
    text = corpus(args.mb, args.seed, args.varied)
    mb = len(text.encode("utf-8")) / 1024 / 1024
    # Floor and extract() are timed in alternation, so that both see the same load on a shared
    # machine; the ratio reported is the median of the rounds' ratios.
    floors, ours, ratios = [], [], []
    for _ in range(args.repeat):
        floor_s, floor_n = timed(lambda: sum(1 for _ in FLOOR.finditer(text)))
        ours_s, ours_n = timed(lambda: len(extract(text)))
        floors.append(floor_s)
        ours.append(ours_s)
        ratios.append(floor_s / ours_s)
    floor_s, ours_s = statistics.median(floors), statistics.median(ours)
    kind = "varied" if args.varied else "default"
    print(f"corpus: {mb:.1f} MB, {len(text):,} characters ({kind}), {args.repeat} rounds")
    print(f"floor regex: {mb / floor_s:8.1f} MB/s median  ({floor_n:,} matches)")
    print(f"extract():   {mb / ours_s:8.1f} MB/s median  ({ours_n:,} matches)")
    print(
        f"ratio extract/floor: {statistics.median(ratios):.2f} median of rounds "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target >= 0.33)"
    )
    # The fastest round of each is the one least slowed by other jobs: on a loaded machine
    # this ratio moves less from run to run than the median.
    print(f"ratio of the fastest rounds: {min(floors) / min(ours):.2f}")


if __name__ == "__main__":
    main()
