"""The layers of the package, read from its source: who may import whom, no import cycles, click only in the
command line, no module over 400 lines."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ehcp_nlp"
MAX_LINES = 400
#: Modules (or packages) and what they must never import, directly or at run time inside a function.
FORBIDDEN = {
    # the data types: plain dataclasses that know nothing of the stages that make them
    "ehcp_nlp.model": ("ehcp_nlp.extract", "ehcp_nlp.sections", "ehcp_nlp.checks", "ehcp_nlp.rating",
                       "ehcp_nlp.drafting", "ehcp_nlp.pipeline", "ehcp_nlp.batch", "ehcp_nlp.outputs", "ehcp_nlp.web",
                       "ehcp_nlp.redact", "ehcp_nlp.plan", "ehcp_nlp.nlp"),
    "ehcp_nlp.extract": ("ehcp_nlp.checks", "ehcp_nlp.rating", "ehcp_nlp.drafting",
                         "ehcp_nlp.pipeline", "ehcp_nlp.batch", "ehcp_nlp.outputs", "ehcp_nlp.web"),
    "ehcp_nlp.sections": ("ehcp_nlp.checks", "ehcp_nlp.rating", "ehcp_nlp.drafting",
                          "ehcp_nlp.pipeline", "ehcp_nlp.batch", "ehcp_nlp.outputs", "ehcp_nlp.web"),
    "ehcp_nlp.checks": ("ehcp_nlp.rating", "ehcp_nlp.drafting", "ehcp_nlp.pipeline",
                        "ehcp_nlp.batch", "ehcp_nlp.outputs", "ehcp_nlp.web"),
    # (rating.training reads the labels files export-labels writes, with outputs.safe_text)
    "ehcp_nlp.rating": ("ehcp_nlp.drafting", "ehcp_nlp.pipeline", "ehcp_nlp.batch",
                        "ehcp_nlp.web"),
    "ehcp_nlp.drafting": ("ehcp_nlp.pipeline", "ehcp_nlp.batch", "ehcp_nlp.outputs",
                          "ehcp_nlp.web"),
    "ehcp_nlp.outputs": ("ehcp_nlp.batch", "ehcp_nlp.web", "ehcp_nlp.pipeline"),
    "ehcp_nlp.batch": ("ehcp_nlp.web",),
}
COMMAND_LINE = ("ehcp_nlp.cli", "ehcp_nlp.cli_audit", "ehcp_nlp.cli_errors")


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it but under ``if TYPE_CHECKING:``."""
    module, tree = _name(path), ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path.name == "__init__.py", node)
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # "from . import pipeline"
    return found


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(layer):
    wrong = sorted(f"{module} imports {target}" for module, targets in GRAPH.items() if _within(module, layer)
                   for target in targets for banned in FORBIDDEN[layer] if _within(target, banned))
    assert wrong == []


def test_only_the_command_line_imports_click():
    users = sorted(name for name, path in MODULES.items()
                   if any(m == "click" or m.startswith("click.") for m in _imports(path)))
    assert set(users) <= set(COMMAND_LINE), users


def test_no_import_cycles():
    """Between modules, counting imports inside functions too (a lazy import that calls back into its caller is
    still a cycle); a package's ``__init__`` re-exporting its own submodules is not counted as a cycle."""
    graph = {m: {t for t in targets if not (MODULES[t].name == "__init__.py" and _within(m, t))
                 and not (MODULES[m].name == "__init__.py" and _within(t, m))}
             for m, targets in GRAPH.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert cycles == []


def test_no_module_over_400_lines():
    long = sorted(f"{name}: {n}" for name, path in MODULES.items()
                  if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES)
    assert long == []


def _package(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def test_private_names_stay_in_their_package():
    """A name starting with ``_`` may be shared by the modules of one package (``batch/audit/*``), never imported
    from another package: what other packages use is public, so a newcomer can see what each one offers."""
    wrong = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _resolve(module, path.name == "__init__.py", node)
            if target not in MODULES or _within(target, _package(module)):
                continue
            wrong += [f"{module} imports {target}.{alias.name}" for alias in node.names
                      if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert wrong == []
