"""Imports point one way: an app may use the apps below it, never those above (DEVELOPERS.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Lowest first. Apps on one line do not import each other either.
LAYERS = [
    ["pagecache", "core"],
    ["books", "accounts"],
    ["catalogue"],
    ["reviews", "shelves"],
    ["discussions"],
    ["clubs"],
    ["notifications"],
    ["meetings", "votes"],
    ["moderation"],
    ["moving"],
    ["importer", "demo", "bench", "bookclub"],
]
LAYER = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno


def test_every_app_imports_only_the_layers_below_it():
    wrong = []
    for app, level in LAYER.items():
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for other, line in imported_apps(path):
                if other in LAYER and other != app and LAYER[other] >= level:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    assert wrong == []


def test_every_app_has_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(LAYER), apps - set(LAYER)
