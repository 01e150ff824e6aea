"""Generate docs/rules.md from the rule catalogue and the rule examples.

Each example is run through the validator, so the documented message is the real one.
Regenerate with: python -m sektorplan.check.rulesdoc > docs/rules.md (a test checks it is current).
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from sektorplan.check.examples import EXAMPLES, NOT_SHOWN_AS_TEXT, Example, as_of_example_date
from sektorplan.check.validate import validate
from sektorplan.cli.reporters import text_line
from sektorplan.findings import RULES, Severity

HEADER = """\
# Reglerne

`sektorplan validate` kontrollerer hver plan og `sektorplan.yaml` efter reglerne herunder. Hver
regel har en fast kode. **Fejl** får `validate` til at slutte med kode 1; **advarsler** gør
det kun med `--strict`.

Eksemplerne tager udgangspunkt i et lille arbejdsområde med to planer (`planer/bs.yaml` og
`planer/am.yaml`); under hver regel står ændringen, der udløser den, det fund `validate`
skriver, og rettelsen. Filen er lavet af `python -m sektorplan.check.rulesdoc` ud fra koden, så den
altid passer med den.
"""


def render() -> str:
    parts = [HEADER]
    groups: dict[str, list[str]] = {}
    for code, rule in RULES.items():
        groups.setdefault(rule.group, []).append(code)
    for group, codes in groups.items():
        parts.append(f"\n## {group}\n")
        for code in codes:
            parts.append(_rule_section(code))
    return "\n".join(parts).rstrip() + "\n"


def _rule_section(code: str) -> str:
    rule = RULES[code]
    kind = "fejl" if rule.severity is Severity.ERROR else "advarsel"
    lines = [f"### {code} ({kind})", "", rule.summary, ""]
    if code in NOT_SHOWN_AS_TEXT:
        lines += [NOT_SHOWN_AS_TEXT[code], ""]
        return "\n".join(lines)
    example = EXAMPLES[code]
    language = "csv" if example.file.endswith(".csv") else "yaml"
    if example.note:
        lines += [f"Eksempel: {example.note}", ""]
    else:
        lines += [f"Skrevet i `{example.file}`:", "", *_block(example.bad, language), ""]
    lines += ["Fund:", "", *_block("\n".join(_findings(code, example)), "text"), ""]
    if not example.note:
        lines += ["Rettet:", "", *_block(example.good, language), ""]
    return "\n".join(lines)


def _block(text: str, language: str = "yaml") -> list[str]:
    return [f"```{language}", text.strip("\n") or "(tom)", "```"]


def _findings(code: str, example: Example) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, content in example.apply("bad").items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        # messages name other files relative to the cwd
        with contextlib.chdir(root), as_of_example_date():
            result = validate([root])
            return [text_line(f) for f in result.findings if f.rule == code]


if __name__ == "__main__":
    print(render(), end="")
