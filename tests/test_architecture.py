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


# Module-level rules (house rule 12: the catalogue is written by archive/ alone;
# other packages read its records and hand it drafts). Whole dotted names, so a
# rule can name one module of a package.
MODELS = ("archive.models",)
# Outside archive/, SQLAlchemy is only the session a caller owns and hands over.
SESSION_ONLY = {"sqlalchemy.orm", "sqlalchemy.orm.Session", "sqlalchemy.orm.sessionmaker"}
# A transcript parser is a pure function of a file's bytes: no catalogue, no index.
CATALOGUE = (
    "sqlalchemy",
    "search",
    "whoosh",
    "archive.models",
    "archive.database",
    "archive.writes",
    "archive.transactions",
    "archive.ingest_runs",
    "archive.identity",
    "archive.accounts",
    "archive.catalogue_version",
    "archive.migrations",
    *(f"archive.{area}" for area in ARCHIVE_AREAS),  # the areas' queries
)


def _imports_in(source: str, module: str = "") -> set[str]:
    """Every module a source imports, anywhere in it: `from archive import models`
    gives archive and archive.models; relative imports are resolved from module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _module_imports(folder: str, pattern: str = "**/*.py") -> dict[str, set[str]]:
    return {
        str(path.relative_to(ROOT)): _imports_in(
            path.read_text(encoding="utf-8"), ".".join(path.relative_to(ROOT).with_suffix("").parts)
        )
        for path in (ROOT / folder).glob(pattern)
    }


def _named(imports: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(n for n in imports if any(n == f or n.startswith(f"{f}.") for f in forbidden))


# bench/ is held to it too: it measures through the archive's own queries.
@pytest.mark.parametrize("package", ["search", "ingest", "web", "bench"])
def test_only_archive_imports_the_models(package):
    broken = {
        file: found
        for file, names in _module_imports(package).items()
        if (found := _named(names, MODELS))
    }
    assert not broken, f"only archive/ may import the ORM models: {broken}"


@pytest.mark.parametrize("package", ["search", "ingest", "web"])
def test_only_archive_queries_the_catalogue(package):
    broken = {
        file: found
        for file, names in _module_imports(package).items()
        if (found := [n for n in _named(names, ("sqlalchemy",)) if n not in SESSION_ONLY])
    }
    assert not broken, f"select(), text() and the like belong in archive/: {broken}"


def test_transcript_parsers_import_no_catalogue():
    parsers = _module_imports("ingest/transcripts")
    broken = {file: found for file, names in parsers.items() if (found := _named(names, CATALOGUE))}
    assert not broken, f"transcript parsers importing the catalogue or the index: {broken}"
    # If the scan found nothing, the rule above would pass vacuously.
    assert len(parsers) > 5 and "ingest.transcripts.model" in parsers["ingest/transcripts/srt.py"]


def test_the_parsers_rule_names_every_archive_module_that_reaches_the_catalogue():
    # CATALOGUE is a list: an archive module added later that opens the
    # database (as staff accounts or the catalogue's version do) must join it.
    unnamed = sorted(
        file
        for file, names in _module_imports("archive").items()
        if _named(names, ("sqlalchemy", "alembic"))
        and not _named({file.removesuffix(".py").replace("/", ".")}, CATALOGUE)
    )
    assert not unnamed, f"archive modules reaching the catalogue, not in CATALOGUE: {unnamed}"


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("from archive.models import Testimony", MODELS),
        ("from archive import models", MODELS),
        ("import archive.models.runs", MODELS),
        ("def later():\n    from archive.models import Segment\n", MODELS),
        ("from ..models import Testimony", MODELS),  # read in archive/testimonies/queries.py
        ("from sqlalchemy import select", CATALOGUE),
        ("from archive.testimonies.queries import get_testimony", CATALOGUE),
        ("from archive.writes import save_testimony", CATALOGUE),
        ("from search.index import open_index", CATALOGUE),
    ],
)
def test_the_module_rules_see_every_way_of_importing(source, forbidden):
    assert _named(_imports_in(source, "archive.testimonies.queries"), forbidden)


def test_the_module_rules_see_real_imports():
    assert "archive.models.Testimony" in _named(
        _module_imports("archive")["archive/testimonies/writes.py"], MODELS
    )
    pipeline = _module_imports("ingest")["ingest/pipeline.py"]
    assert (
        "sqlalchemy.orm.Session" in pipeline
        and "archive.testimonies.writes.save_testimony" in pipeline
    )
    assert not _named(_imports_in("from sqlalchemy.orm import Session, sessionmaker"), MODELS)
    assert _imports_in("from sqlalchemy import select") - SESSION_ONLY == {
        "sqlalchemy",
        "sqlalchemy.select",
    }
