"""The layering holds: each app imports only from the apps below it, HR's admin lives in the back office,
and the audit trail is written by services only."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lowest first; an app may import from itself and from any app before it, never from one after it.
LAYERS = [
    "audit",
    "outbox",
    "accounts",
    "vacancies",
    "applications",
    "screening",
    "interviews",
    "privacy",
    "backoffice",
]
# The project package wires everything together (settings, URLs, Celery); its other modules import no app.
WIRING = {"myipo_recruit/urls.py", "myipo_recruit/settings.py", "myipo_recruit/celery.py"}


def modules(root: Path, package: str):
    for path in sorted((root / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def layering_violations(root: Path, layers: list[str]) -> list[str]:
    rank = {name: index for index, name in enumerate(layers)}
    violations = []
    for package in layers:
        for path in modules(root, package):
            for imported in imported_packages(path):
                if imported in rank and rank[imported] > rank[package]:
                    violations.append(f"{path.relative_to(root)} imports {imported}")
    for path in modules(root, "myipo_recruit"):
        if str(path.relative_to(root)) not in WIRING:
            violations += [f"{path.relative_to(root)} imports {name}" for name in imported_packages(path) & set(rank)]
    return violations


def test_no_app_imports_from_an_app_above_it():
    assert layering_violations(ROOT, LAYERS) == []


def test_the_layering_check_finds_a_cycle(tmp_path):
    for package, source in {"low": "from high.models import Thing\n", "high": "from low.models import Other\n"}.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "services.py").write_text(source)
    (tmp_path / "myipo_recruit").mkdir()
    assert layering_violations(tmp_path, ["low", "high"]) == ["low/services.py imports high"]


def test_every_model_admin_is_in_the_back_office():
    for package in LAYERS[:-1]:
        assert not (ROOT / package / "admin.py").exists(), package
        for path in modules(ROOT, package):
            assert "admin.register" not in path.read_text(), path


def calls_to(path: Path, name: str) -> int:
    tree = ast.parse(path.read_text(), filename=str(path))
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    )


def test_only_services_write_the_audit_trail():
    writers = {
        str(path.relative_to(ROOT))
        for package in [*LAYERS, "myipo_recruit"]
        for path in modules(ROOT, package)
        if calls_to(path, "audit_record")
    }
    assert writers, "no service records anything?"
    assert {writer for writer in writers if not writer.endswith("/services.py") and "/services/" not in writer} == set()
