"""Generate a workspace of N realistic plans (about 10 KB each) for the benchmarks.

Every plan is valid: the generated workspace gives no errors, so the benchmarks time the
whole pipeline (load, model, every rule), not an early stop.
"""

from __future__ import annotations

import random
from pathlib import Path

PLACES = ["nuuk", "paamiut", "tasiilaq", "ittoqqortoormiit", "kapisillit", "arsuk"]

CONFIG_HEAD = """\
format: 1
kommune: Kommuneqarfik Sermersooq
planstrategi: Planstrategi 2023
periode: {fra: 2024, til: 2035}
sprog: [da, kl]
kerneværdier:
  - {id: tryghed, navn: Vi skaber tryghed}
  - {id: vækst, navn: Vi skaber vækst}
  - {id: grøn-omstilling, navn: Sammen om den grønne omstilling}
steder:
""" + "".join(f"  - {{id: {p}, navn: {p.title()}, type: by}}\n" for p in PLACES)

SENTENCE = (
    "Forvaltningen arbejder sammen med borgere, foreninger og de andre forvaltninger om at "
    "give alle i kommunen gode og trygge rammer, både i byerne og i bygderne. "
)


def plan_text(n: int, rng: random.Random) -> str:
    dept = f"F{n:03d}"
    lines = [
        "# yaml-language-server: $schema=../sektorplan.schema.json",
        "format: 1",
        f"forvaltning: {dept}",
        f"titel: Sektorplan for forvaltning {n} 2024–2035",
        "status: høring",
        'version: "0.9"',
        f"ansvarlig: {{navn: Direktør {n}, email: f{n}@example.gl}}",
        f"vision: >-\n  {SENTENCE * 2}",
        f"udgangspunkt: >-\n  {SENTENCE * 5}",
        "mål:",
    ]
    sub_ids = []
    for g in range(1, 4):
        gid = f"{dept}-{g}"
        lines += [
            f"  - id: {gid}",
            f"    titel: Mål {g} for forvaltning {n} – bedre service og trivsel",
            f"    beskrivelse: {SENTENCE.strip()}",
            f"    kerneværdier: [{rng.choice(['tryghed', 'vækst', 'grøn-omstilling'])}]",
            f'    verdensmål: ["{rng.randint(1, 7)}.1", {rng.randint(8, 16)}]',
            "    delmål:",
        ]
        for s in range(1, 3):
            sid = f"{gid}.{s}"
            sub_ids.append(sid)
            lines += [
                f"      - id: {sid}",
                f"        titel: Delmål {g}.{s} – flere borgere får den hjælp, de har brug for",
                "        indikatorer:",
            ]
            for letter in "ab":
                base = rng.randint(20, 60)
                lines += [
                    f"          - id: {sid}.{letter}",
                    f"            navn: Andel borgere, der oplever forbedring ({letter})",
                    '            enhed: "%"',
                    "            retning: op",
                    "            kilde: Kommunens egne opgørelser",
                    f"            basis: {{år: 2023, værdi: {base}}}",
                    f"            målværdier: {{2027: {base + 5}, 2031: {base + 10}, "
                    f"2035: {base + 15}}}",
                    f"            målinger: {{2024: {base + 1}, 2025: {base + 2}}}",
                ]
    lines.append("indsatser:")
    for i in range(1, 7):
        start = rng.randint(2024, 2030)
        kind = "anlæg" if i <= 2 else rng.choice(["drift", "udvikling"])
        lines += [
            f"  - id: {dept}-I{i}",
            f"    titel: Indsats {i} – et nyt tilbud til borgerne i {rng.choice(PLACES).title()}",
            f"    beskrivelse: {SENTENCE.strip()}",
            f"    type: {kind}",
            f"    bidrager-til: [{sub_ids[(i - 1) % len(sub_ids)]}, {dept}-{(i - 1) % 3 + 1}]",
            f"    start: {start}",
            f"    slut: {start + rng.randint(1, 4)}",
            f"    steder: [{rng.choice(PLACES)}]",
            f"    ansvarlig: Afdeling {i}",
            "    finansiering: Kommunens budget",
            "    økonomi:",
        ]
        if kind == "anlæg":
            lines.append(f"      anlæg: {{{start}: {rng.randint(1, 9)}000000}}")
        lines.append(f"      drift: {{{start + 1}: {rng.randint(1, 9)}00000}}")
        lines += [
            "    milepæle:",
            f"      - {{år: {start}, titel: Indsatsen går i gang}}",
            f"      - {{år: {min(start + 5, 2035)}, titel: Indsatsen er evalueret}}",
        ]
    return "\n".join(lines) + "\n"


def generate(root: Path, count: int, seed: int = 1) -> list[Path]:
    """Write a workspace with `count` plans to `root`; returns the plan files."""
    rng = random.Random(seed)
    (root / "planer").mkdir(parents=True, exist_ok=True)
    departments = "".join(
        f"  - {{id: F{n:03d}, navn: Forvaltning {n}}}\n" for n in range(1, count + 1)
    )
    (root / "sektorplan.yaml").write_text(
        CONFIG_HEAD + "forvaltninger:\n" + departments, encoding="utf-8"
    )
    paths = []
    for n in range(1, count + 1):
        path = root / "planer" / f"f{n:03d}.yaml"
        path.write_text(plan_text(n, rng), encoding="utf-8")
        paths.append(path)
    return paths
