"""The house rules of the code base, checked: layers, cycles, sizes, where Chinese lives, doctests,
the README's JSON example, and that a dry run decides like a real run."""

from __future__ import annotations

import ast
import doctest
import importlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CASES, POLICYDIFF

import policydiff
from policydiff.archive import snapshot
from policydiff.text import sniff

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "policydiff"
MODULES = sorted(PACKAGE.rglob("*.py"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_import_linter_contracts_are_kept() -> None:
    exe = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and "0 broken" in done.stdout


def test_no_import_cycle_between_policydiff_modules() -> None:
    import grimp

    graph = grimp.build_graph("policydiff", exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    edges = {m: {i for i in graph.find_modules_directly_imported_by(m) if i.startswith("policydiff")} for m in modules}
    # a package's __init__ re-exporting its children is not a cycle of the stages
    for m in modules:
        edges[m] = {i for i in edges[m] if not (m.startswith(i + ".") or i.startswith(m + "."))}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1:
                cycle = stack[stack.index(n):] + [n]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in modules:
        if m not in state:
            visit(m)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_are_small_and_long_functions_say_why(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= 400, f"{path.name}: {source.count(chr(10))} lines (at most 400)"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno:
            length = node.end_lineno - node.lineno + 1
            if length > 60:
                doc = (ast.get_docstring(node) or "").lower()
                assert "long on purpose" in doc, f"{path.name}:{node.lineno} {node.name} is {length} lines and says not why"


def _code_strings(source: str) -> list[tuple[int, str]]:
    """String constants that are not docstrings."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


# People-facing text still written inline (the reports' and alerts' labels are in lexicon.labels)
# and sample files (the demo's and `init`'s sources.toml); every other module
# spells no Chinese outside docstrings and comments.
INLINE_LABELS_ALLOWED = {"watch/sinks/apprise.py", "archive/layout.py", "demo.py", "watch/config.py",
                         "cli/app.py", "cli/archive.py", "cli/watch.py", "cli/compare.py"}


@pytest.mark.parametrize("path", [p for p in MODULES if "lexicon" not in p.parts and str(p.relative_to(PACKAGE)) not in INLINE_LABELS_ALLOWED],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_chinese_words_and_patterns_live_in_the_lexicon(path: Path) -> None:
    rel = str(path.relative_to(PACKAGE))
    hits = [(line, text) for line, text in _code_strings(path.read_text(encoding="utf-8")) if CJK.search(text)]
    assert not hits, f"{rel}: Chinese outside the lexicon: {hits[:3]}"


# Every module whose docstrings hold an example: a new example runs without being listed here.
DOCTEST_MODULES = sorted(
    ".".join(("policydiff", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    for p in PACKAGE.rglob("*.py") if ">>>" in p.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", DOCTEST_MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0, f"{name} has no example"
    assert failed == 0


def test_public_api_is_three_names() -> None:
    assert sorted(policydiff.__all__) == ["__version__", "compare_files", "compare_texts"]


def _readme_json_example() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### JSON output"):]
    block = section[section.index("```json") + len("```json"): section.index("```", section.index("```json") + 7)]
    return json.loads(block.replace("…", ""))


def _same_shape(example: object, real: object, where: str) -> None:
    if isinstance(example, dict):
        assert isinstance(real, dict), f"{where}: the README shows an object"
        for key, value in example.items():
            assert key in real, f"{where}.{key}: in the README, not in the real output"
            _same_shape(value, real[key], f"{where}.{key}")
    elif isinstance(example, list) and example and real:
        assert isinstance(real, list), f"{where}: the README shows a list"
        _same_shape(example[0], real[0], f"{where}[0]")
    elif example is not None and real is not None:
        assert type(example) is type(real), f"{where}: README {type(example).__name__}, real {type(real).__name__}"


def test_readme_json_example_matches_real_output() -> None:
    folder = CASES / "000-share-ad-service-providers"
    done = subprocess.run([POLICYDIFF, "compare", str(folder / "old.txt"), str(folder / "new.txt"), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    real = json.loads(done.stdout)
    example = _readme_json_example()
    _same_shape(example, real, "$")
    assert example["categories"] == real["categories"] and example["material"] == real["material"]


def _docx(text: str) -> bytes:
    """A minimal real DOCX (the parts Word writes) holding ``text`` one paragraph a line."""
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines() if line.strip())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   f"<w:body>{body}</w:body></w:document>")
    return buf.getvalue()


def test_dry_run_and_real_run_decide_alike_on_the_same_bytes(tmp_path: Path) -> None:
    """A DOCX served as text/html is a DOCX on both paths, and "unchanged" means the same."""
    from conftest import seed_path

    text = seed_path("002").read_text(encoding="utf-8")
    data = _docx(text)
    assert sniff.media_type_of(data, "https://example.test/p", "text/html; charset=utf-8") == sniff.DOCX
    prepared = snapshot.prepare(data, "https://example.test/p", "text/html; charset=utf-8")
    assert prepared.raw.media_type == sniff.DOCX and prepared.extension == "docx"

    from policydiff.archive.versions import Archive

    archive = Archive.init(tmp_path / "archive")
    first = archive.snapshot("p", data, source="https://example.test/p", media_type="text/html; charset=utf-8")
    assert first.recorded and first.version is not None
    assert archive.meta(first.version)["media_type"] == sniff.DOCX
    rewrapped = _docx(text.replace("。", "。\n"))  # the same words, other paragraph breaks
    again = snapshot.prepare(rewrapped, "https://example.test/p", "text/html")
    assert snapshot.unchanged(archive.text(first.version), again)  # what the dry run asks
    second = archive.snapshot("p", rewrapped, source="https://example.test/p", media_type="text/html")
    assert not second.recorded and second.reason == "unchanged"  # and the real run agrees


def test_every_error_class_is_raised_somewhere() -> None:
    from policydiff import errors

    code = "\n".join(p.read_text(encoding="utf-8") for p in MODULES if p.name != "errors.py")
    for name, cls in vars(errors).items():
        if isinstance(cls, type) and issubclass(cls, errors.PolicyDiffError) and cls is not errors.PolicyDiffError:
            assert re.search(rf"\b{name}\(", code), f"errors.{name} is never raised"
