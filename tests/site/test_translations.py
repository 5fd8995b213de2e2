"""Translations cannot drift from their English source unnoticed.

Every Chinese page (``docs/NAME.zh.md``) and every notebook translation
(``docs/notebooks/NAME.zh.toml``) records the hash of the English text it
translates (``sitebuild.translations``). A change to the English without a
review of its twin fails here, naming both files and the command that marks the
review done.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from sitebuild import translations
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def test_every_translation_records_the_english_it_translates():
    stale = translations.stale_translations(DOCS)
    assert not stale, "\n".join(item.message() for item in stale)


def test_every_chinese_page_is_checked():
    checked = {path.name for path in translations.translations(DOCS)}
    assert {path.name for path in DOCS.glob("*.zh.md")} <= checked
    assert len(checked) >= 10


def _copy_of_docs(tmp_path):
    copy = tmp_path / "docs"
    shutil.copytree(DOCS, copy, ignore=shutil.ignore_patterns("notebooks"))
    return copy


def test_an_english_edit_fails_naming_both_files_and_the_command(tmp_path):
    docs = _copy_of_docs(tmp_path)
    page = docs / "summary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    stale = translations.stale_translations(docs)
    assert [item.translation.name for item in stale] == ["summary.zh.md"]
    message = stale[0].message()
    assert "summary.md changed since" in message and "summary.zh.md" in message
    assert "make translations-reviewed PAGE=" in message and message.endswith("summary.zh.md")


def test_whitespace_alone_asks_for_no_review(tmp_path):
    docs = _copy_of_docs(tmp_path)
    page = docs / "summary.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n", "  \r\n") + "\n\n", encoding="utf-8")
    assert translations.stale_translations(docs) == []


def test_a_translation_without_a_record_fails_with_the_command(tmp_path):
    docs = _copy_of_docs(tmp_path)
    page = docs / "summary.zh.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text[text.index("# "):], encoding="utf-8")
    [item] = translations.stale_translations(docs)
    assert "does not record which version of" in item.message()


def test_marking_the_review_done_clears_it_and_keeps_the_page(tmp_path):
    docs = _copy_of_docs(tmp_path)
    (docs / "summary.md").write_text("# Summary\n\nChanged.\n", encoding="utf-8")
    before = (docs / "summary.zh.md").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sitebuild.translations", "reviewed",
                           str(docs / "summary.zh.md")], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    after = (docs / "summary.zh.md").read_text(encoding="utf-8")
    assert translations.stale_translations(docs) == []
    body = before.split("\n---\n", 1)[1]
    assert after.endswith(body)  # only the recorded hash changed


def test_the_make_target_asks_for_a_page():
    done = subprocess.run(["make", "--no-print-directory", "-s", "translations-reviewed"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "PAGE=docs/NAME.zh.md" in done.stdout + done.stderr


def test_the_record_is_not_shown_on_the_page(built_site):
    for lang_home in [built_site / "zh"]:
        for html in lang_home.glob("*/index.html"):
            assert "translation_of" not in html.read_text(encoding="utf-8"), html
