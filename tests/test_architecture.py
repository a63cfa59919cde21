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


# archive/ by area: each area package holds its queries, records and writes;
# an area imports only the areas listed here, and what every area shares (the
# top-level modules, models, vocabularies, migrations) imports no area.
ARCHIVE_AREAS = {
    "testimonies": set(),
    "speakers": {"testimonies"},  # a speaker is known through visible testimonies
    "programmes": set(),
    "exports": {"testimonies"},  # testimonies written out as files
}
ARCHIVE_SHARED = {"models", "vocabularies", "migrations"}


def _archive_areas_imported(path: Path) -> set[str]:
    areas = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from archive import speakers` names the area in the imported names
            modules = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "archive" and len(parts) > 1 and parts[1] in ARCHIVE_AREAS:
                areas.add(parts[1])
    return areas


def _archive_area(path: Path) -> str | None:
    parts = path.relative_to(ROOT / "archive").parts
    return parts[0] if len(parts) > 1 and parts[0] in ARCHIVE_AREAS else None


def test_archive_areas_import_only_the_areas_they_build_on():
    crossing = {}
    for path in (ROOT / "archive").rglob("*.py"):
        area = _archive_area(path)
        allowed = {area, *ARCHIVE_AREAS[area]} if area else set()
        if extra := _archive_areas_imported(path) - allowed:
            crossing[str(path.relative_to(ROOT))] = sorted(extra)
    assert not crossing, f"archive modules importing an area they may not: {crossing}"
    # If the scan found nothing, the rule above would pass vacuously.
    assert _archive_areas_imported(ROOT / "archive" / "speakers" / "queries.py") == {"testimonies"}


def test_archive_has_one_layout():
    # A new sub-package is an area (declared above with what it may import) or shared;
    # queries live in their area, never as a top-level *_queries.py.
    packages = {p.parent.name for p in (ROOT / "archive").glob("*/__init__.py")}
    undeclared = packages - set(ARCHIVE_AREAS) - ARCHIVE_SHARED
    assert not undeclared, f"archive sub-packages that are neither an area nor shared: {undeclared}"
    stray = sorted(p.name for p in (ROOT / "archive").glob("*_queries.py"))
    assert not stray, f"queries outside their area: {stray}"
