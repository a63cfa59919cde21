"""Dependencies point one way: archive <- search <- ingest <- web."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "archive": {"search", "ingest", "web", "flask", "whoosh", "pydantic"},
    "search": {"ingest", "web", "flask"},
    "ingest": {"web", "flask"},
}


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_it_may(package):
    imports = imported_modules(package)
    broken = {name: sorted(files) for name, files in imports.items() if name in FORBIDDEN[package]}
    assert not broken, f"{package} must not import {broken}"


def test_the_check_sees_real_imports():
    # If the scan found nothing, the test above would pass vacuously.
    assert "sqlalchemy" in imported_modules("archive")
    assert "whoosh" in imported_modules("search")
    assert "flask" in imported_modules("web")


def test_every_module_says_its_role():
    missing = [
        str(p.relative_to(ROOT))
        for package in ("archive", "search", "ingest", "web")
        for p in (ROOT / package).rglob("*.py")
        if "versions" not in p.parts and ast.get_docstring(ast.parse(p.read_text())) is None
    ]
    assert not missing, f"modules without a docstring: {missing}"


def _view_imports(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("web.views")]
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        return [module or "."] if node.level > 0 or module.startswith("web.views") else []
    return []


def test_views_import_no_other_view():
    # What two views share (reading a query string, say) lives beside them in web/, not in a view.
    crossing = {
        str(path.relative_to(ROOT)): found
        for path in (ROOT / "web" / "views").glob("*.py")
        if (found := [m for n in ast.walk(ast.parse(path.read_text())) for m in _view_imports(n)])
    }
    assert not crossing, f"views importing views: {crossing}"
