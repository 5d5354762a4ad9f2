"""The repository's corpus copy (tests/corpus) against the shared corpus it was copied from.

The tests read `tests/corpus` so that a clone runs without `../shared` beside it. Where
`../shared/corpus` does exist (the development machine, CI), new or changed labelled mail
there must be noticed: this test fails until the copy is refreshed with
`cp -a ../shared/corpus/. tests/corpus/`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def corpus_files(folder: Path) -> dict[str, bytes]:
    """Every file under a corpus folder (dot-files included), by relative path."""
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="no ../shared/corpus beside the repository")
def test_copy_has_the_same_names_and_bytes_as_the_shared_corpus() -> None:
    shared, copy = corpus_files(SHARED_CORPUS), corpus_files(CORPUS)
    assert sorted(copy) == sorted(shared), "tests/corpus and ../shared/corpus hold different files"
    differing = [name for name in shared if shared[name] != copy[name]]
    assert differing == [], f"these files differ from ../shared/corpus: {differing}"


def test_git_keeps_the_line_ends_of_the_messages() -> None:
    """`*.eml -text`: git must never turn the CRLF of a message into LF on checkout."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    attributes = subprocess.run(
        ["git", "check-attr", "text", "--", "tests/corpus/it-delay-notice.eml"],
        cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert attributes.strip().endswith("text: unset")
    assert b"\r\n" in (CORPUS / "it-delay-notice.eml").read_bytes()
