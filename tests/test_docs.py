"""The README documents every command and every flag code."""
from pathlib import Path

from ehcp_nlp.checks.base import load_rules
from ehcp_nlp.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    for name in main.commands:
        assert f"ehcp-nlp {name}" in README, name


def test_every_flag_code_is_documented():
    for rule in load_rules():
        assert f"`{rule.info.code}`" in README, rule.info.code


def test_readme_starts_with_the_two_commands():
    head = README.split("---")[0]
    assert "pip install -e '.[dev]'" in head and "requirements-model.txt" in head and "python -m pytest" in head
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "python -m pytest -q" in ci


def test_every_flag_code_has_a_test_row():
    from tests.checks.test_every_code import ROWS

    missing = sorted({rule.info.code for rule in load_rules()} - set(ROWS))
    assert not missing, f"rule codes with no row in tests/checks/test_every_code.py: {missing}"


def test_the_layout_section_names_every_module_and_folder():
    """The README's layout matches the tree: every module of the package, and every sub-folder, is named in it."""
    layout = README.split("## Layout", 1)[1].split("From Python:", 1)[0]
    package = Path(__file__).resolve().parent.parent / "ehcp_nlp"
    missing = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                     if path.name != "__init__.py" and path.name not in layout)
    missing += sorted(f"{folder.name}/" for folder in package.iterdir()
                      if folder.is_dir() and not folder.name.startswith("__") and f"{folder.name}/" not in layout)
    assert missing == []
