"""Benchmark: themes on 100k field notes (issue 6: within 60 s on 2 cores).

    uv run --frozen python benchmarks/voices.py [--notes 100000] [--english 0.2] [--processes 1,2] [--seed 0]

Notes are composed from the simulator's French and English phrase banks (each theme's opening,
core, detail and closing sentences, with its slots filled: tens of thousands of distinct
notes), dated over eight years, 80 % written by staff and volunteers, with a pressure theme
rising from the middle. For each number of processes, prints the time of each step: language
detection, lemmatisation (spaCy tokenizer through nlp.pipe, each distinct word lemmatised once
by lookup), TF-IDF and NMF with quotes (find_themes' remaining work), monthly trends, and the
voice alerts (change-point test and FDR on every theme's share series). The spaCy tables are
loaded before the clock starts (a server loads them once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

import numpy as np

from missionlens.data.simulator.language import phrases
from missionlens.voices import Lemmatiser, VoiceText, find_themes, languages, theme_trends, voice_alerts
from missionlens.voices.lemmas import lookup_table, pipeline

THEMES = ("accompaniment", "outcomes", "protection", "access", "people", "sustainability", "pressure",
          "lack_of_time", "exclusion")
PARTS = (("open", 0.6), ("core", 1.0), ("detail", 0.6), ("close", 0.4))
MONTHS = 96


def compose(count: int, english: float, seed: int) -> list[VoiceText]:
    rng = np.random.default_rng(seed)
    month = np.sort(rng.integers(0, MONTHS, count))
    pressure = np.where(month >= MONTHS // 2, 0.3, 0.04)
    theme = np.where(rng.random(count) < pressure, THEMES.index("pressure"),
                     rng.choice([i for i, t in enumerate(THEMES) if t != "pressure"], count))
    lang = np.where(rng.random(count) < english, "en", "fr")
    role = rng.choice(np.array(["staff", "volunteer", "manager", "borrower", "partner"]), count,
                      p=[0.6, 0.15, 0.05, 0.15, 0.05])
    text = np.full(count, "", dtype=object)
    for code in ("fr", "en"):
        book = phrases(code)
        for index, name in enumerate(THEMES):
            rows = np.flatnonzero((theme == index) & (lang == code))
            if not rows.size:
                continue
            out = np.full(rows.size, "", dtype=object)
            for part, probability in PARTS:
                piece = book.notes[name][part].fill(rng, rows.size, book.pools).astype(object)
                keep = rng.random(rows.size) < probability
                out = np.where(keep, np.where(out == "", piece, out + " " + piece), out)
            text[rows] = out
    start = dt.date(2018, 1, 1)
    return [
        VoiceText(str(t), dt.date(start.year + int(m) // 12, int(m) % 12 + 1, 15), str(r))
        for t, m, r in zip(text, month, role, strict=True)
    ]


def run(texts: list[VoiceText], processes: int) -> dict[str, float]:
    times: dict[str, float] = {}
    clock = time.perf_counter()
    found = languages([t.text for t in texts])
    times["languages"] = time.perf_counter() - clock
    lemmatiser = Lemmatiser(n_process=processes, batch_size=2000)
    clock = time.perf_counter()
    lemmatiser.lemmas([t.text for t in texts], found)
    times["lemmas"] = time.perf_counter() - clock
    clock = time.perf_counter()
    model = find_themes(texts, lemmatiser=lemmatiser)
    times["themes (all)"] = time.perf_counter() - clock
    times["tf-idf, nmf, quotes"] = times["themes (all)"] - times["languages"] - times["lemmas"]
    clock = time.perf_counter()
    theme_trends(model, texts)
    times["trends"] = time.perf_counter() - clock
    clock = time.perf_counter()
    alerts = voice_alerts(texts, model, as_of="2025-12")
    times["alerts"] = time.perf_counter() - clock
    print(f"  themes: {', '.join(f'{t.key} ({t.count})' for t in model.themes)}")
    print(f"  alerts: {', '.join(f'{a.theme} {a.direction} from {a.start}' for a in alerts) or 'none'}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--english", type=float, default=0.2)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    clock = time.perf_counter()
    texts = compose(args.notes, args.english, args.seed)
    print(f"{len(texts):,} notes composed in {time.perf_counter() - clock:.1f} s "
          f"({len({t.text for t in texts}):,} distinct; {os.cpu_count()} cores)")
    for lang in ("fr", "en"):
        pipeline(lang)
        lookup_table(lang)
    rows = []
    for processes in (int(p) for p in args.processes.split(",")):
        print(f"n_process={processes}")
        times = run(texts, processes)
        rows.append((processes, times))
    steps = list(rows[0][1])
    print()
    print("| n_process | " + " | ".join(steps) + " | themes + trends + alerts |")
    print("|---|" + "---:|" * (len(steps) + 1))
    for processes, times in rows:
        total = times["themes (all)"] + times["trends"] + times["alerts"]
        print(f"| {processes} | " + " | ".join(f"{times[s]:.1f} s" for s in steps) + f" | {total:.1f} s |")


if __name__ == "__main__":
    main()
