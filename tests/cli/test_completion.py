"""Tab completion: what `--install-completion` and `--show-completion` say is Danish.

Typer asks shellingham for the shell, which looks up the process tree: the shell the tests
happen to run in would decide. So each test fixes the detected shell (as `detect_shell`
answers), and points HOME at a temporary folder, so no real dotfile is touched.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import shellingham
from typer.testing import CliRunner, Result

from sektorplan.cli.app import app
from sektorplan.internals.typercli import shells

SHELLS = "bash, zsh, fish eller PowerShell"
ENGLISH = (
    "completion installed",
    "Completion will",
    "restart the terminal",
    "not supported",
    "Couldn't",
    "Traceback",
    "Error",
)
# Where Typer puts each shell's script (files written as before: Typer writes them).
SCRIPTS = {
    "bash": ".bash_completions/sektorplan.sh",
    "zsh": ".zfunc/_sektorplan",
    "fish": ".config/fish/completions/sektorplan.fish",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    monkeypatch.delenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", raising=False)
    return folder


def detect(monkeypatch: pytest.MonkeyPatch, shell: str | None) -> None:
    """The shell shellingham finds in the process tree (None: it finds none)."""

    def detect_shell() -> tuple[str, str]:
        if shell is None:
            raise shellingham.ShellDetectionFailure()
        return shell, f"/bin/{shell}"

    monkeypatch.setattr(shellingham, "detect_shell", detect_shell)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def assert_no_english(result: Result) -> None:
    assert [word for word in ENGLISH if word in result.output] == [], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_the_shells_named_are_the_ones_typer_supports() -> None:
    # If Typer learns a new shell, the messages must name it too.
    assert set(shells()) == {"bash", "zsh", "fish", "powershell", "pwsh"}


@pytest.mark.parametrize("shell", sorted(SCRIPTS))
def test_install_says_where_in_danish(
    shell: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    detect(monkeypatch, shell)
    result = run("--install-completion")
    assert result.exit_code == 0, result.output
    script = home / SCRIPTS[shell]
    assert result.stdout == (
        f"Tab-fuldførelsen til {shell} er installeret i {script}.\n"
        "Den virker, når du åbner en ny terminal.\n"
    )
    assert "_SEKTORPLAN_COMPLETE" in script.read_text()
    assert_no_english(result)


def test_install_for_bash_adds_the_script_to_bashrc(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / ".bashrc").write_text("alias ll='ls -l'\n")
    detect(monkeypatch, "bash")
    assert run("--install-completion").exit_code == 0
    bashrc = (home / ".bashrc").read_text()
    assert bashrc.startswith("alias ll='ls -l'\n")  # nothing the user wrote is lost
    assert f"source '{home / SCRIPTS['bash']}'" in bashrc


@pytest.mark.parametrize("shell", [None, "sh", "tcsh"])
@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
def test_a_shell_without_completion_is_refused_in_danish(
    option: str, shell: str | None, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    detect(monkeypatch, shell)
    result = run(option)
    assert result.exit_code == 1
    problem = (
        "Skallen kan ikke genkendes." if shell is None else f"Skallen «{shell}» understøttes ikke."
    )
    assert result.stderr == (
        f"Fejl: {problem} Kør `sektorplan {option}` i en terminal med {SHELLS}.\n"
    )
    assert result.stdout == ""
    assert files_in(home) == []
    assert_no_english(result)


def test_a_shell_named_after_the_option_does_not_choose_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Typer 0.29 takes no shell name: the detected shell decides, hence the advice to run
    # the command in another shell. Should this change, so must the message.
    detect(monkeypatch, "sh")
    result = run("--install-completion", "bash")
    assert result.exit_code == 1
    assert "Skallen «sh» understøttes ikke." in result.stderr
    assert files_in(home) == []


@pytest.mark.parametrize("shell", shells())
def test_show_prints_the_script_for_every_supported_shell(
    shell: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    detect(monkeypatch, shell)
    result = run("--show-completion")
    assert result.exit_code == 0, result.output
    assert "sektorplan" in result.stdout
    assert result.stderr == ""
    assert files_in(home) == []


def test_a_bashrc_that_cannot_be_written_is_told_in_danish(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / ".bashrc").mkdir()
    detect(monkeypatch, "bash")
    result = run("--install-completion")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fejl: Tab-fuldførelsen kan ikke installeres ({home / '.bashrc'}: det er en mappe). "
        "Ret det, og kør `sektorplan --install-completion` igen.\n"
    )
    assert_no_english(result)


def test_a_zshrc_that_is_not_text_is_told_in_danish(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = b"export A=\x81\xff\n"
    try:  # Typer reads it in the system's encoding
        content.decode()
        pytest.skip("the system's encoding reads any byte")
    except UnicodeDecodeError:
        pass
    (home / ".zshrc").write_bytes(content)
    detect(monkeypatch, "zsh")
    result = run("--install-completion")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fejl: Tab-fuldførelsen kan ikke installeres: en opsætningsfil til zsh i {home} kan "
        "ikke læses som tekst. Gem den som UTF-8, og kør `sektorplan --install-completion` "
        "igen.\n"
    )
    assert (home / ".zshrc").read_bytes() == content
    assert_no_english(result)


# PowerShell: Typer asks `pwsh` for the profile's path; a stand-in answers here.
needs_sh = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX sh")


def fake_pwsh(folder: Path, answer: str) -> None:
    folder.mkdir()
    pwsh = folder / "pwsh"
    pwsh.write_text(f'#!/bin/sh\nif [ "$1" = "-NoProfile" ]; then {answer}; fi\n')
    pwsh.chmod(pwsh.stat().st_mode | stat.S_IXUSR)


@needs_sh
def test_install_for_powershell_names_the_profile(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = home / "Documents" / "PowerShell" / "profile.ps1"
    fake_pwsh(tmp_path / "bin", f"echo '{profile}'")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    detect(monkeypatch, "pwsh")
    result = run("--install-completion")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Tab-fuldførelsen til PowerShell er installeret i {profile}.")
    assert "Register-ArgumentCompleter" in profile.read_text()
    assert_no_english(result)


@needs_sh
def test_powershell_that_cannot_tell_its_profile_is_told_in_danish(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pwsh(tmp_path / "bin", "exit 3")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    detect(monkeypatch, "pwsh")
    result = run("--install-completion")
    assert result.exit_code == 1
    assert result.stderr == (
        "Fejl: Tab-fuldførelsen kan ikke installeres: `pwsh -NoProfile -Command echo $profile` "
        "fejlede (kode 3). Prøv den selv for at se fejlen, og kør `sektorplan "
        "--install-completion` igen.\n"
    )
    assert_no_english(result)


def test_powershell_that_is_not_there_is_told_in_danish(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    detect(monkeypatch, "powershell")
    result = run("--install-completion")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Fejl: Tab-fuldførelsen kan ikke installeres (powershell: mappen eller filen findes ikke)."
    )
    assert_no_english(result)


@needs_sh
def test_run_from_sh_the_command_itself_refuses_in_danish(tmp_path: Path) -> None:
    """The real thing: `sektorplan` started from sh, shellingham looking up the process tree."""
    command = Path(sys.executable).parent / "sektorplan"
    if not command.is_file():
        pytest.skip("the sektorplan command is not installed next to Python")
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)
    # `; exit $?`: sh must not replace itself with the command, or it is no parent to find.
    proc = subprocess.run(
        ["sh", "-c", '"$0" --install-completion; exit $?', str(command)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr == (
        "Fejl: Skallen «sh» understøttes ikke. Kør `sektorplan --install-completion` i en "
        f"terminal med {SHELLS}.\n"
    )
    assert proc.stdout == ""
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
def test_run_as_python_m_sektorplan_it_completes_sektorplan(
    option: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typer would take `python -m sektorplan` as the command's name and complete `python`."""
    detect(monkeypatch, "bash")
    result = CliRunner().invoke(app, [option], prog_name="python -m sektorplan")
    assert result.exit_code == 0, result.output
    if option == "--install-completion":
        assert f"er installeret i {home / SCRIPTS['bash']}." in result.stdout
        script = (home / SCRIPTS["bash"]).read_text()
    else:
        script = result.stdout
    assert script.rstrip().endswith("_sektorplan_completion sektorplan")
    assert "python" not in script
