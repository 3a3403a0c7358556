"""The layers hold, and the check that holds them would see an upward import."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["unlops", "people", "events", "newsletters"]


def lint_imports(root):
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def copy_of_the_code(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_people_importing_newsletters_breaks_the_layers(tmp_path):
    root = copy_of_the_code(tmp_path)
    with open(root / "people" / "views.py", "a") as module:
        module.write("\nfrom newsletters.models import Article  # noqa\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "people.views -> newsletters.models" in result.stdout


def test_a_site_helper_importing_an_app_breaks_the_layers(tmp_path):
    root = copy_of_the_code(tmp_path)
    with open(root / "unlops" / "dates.py", "a") as module:
        module.write("\nimport events.models  # noqa\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "unlops.dates -> events.models" in result.stdout
