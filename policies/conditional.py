"""Outlook's conditional comments: markup every other client skips and Outlook renders.

`<!--[if mso]>…<![endif]-->` is a comment to a browser and to our HTML tree, but Outlook
for Windows reads its content as HTML: newsletter templates put VML there (background
images in `<v:fill src>`, buttons in `<v:roundrect href>`), and Outlook fetches and
follows them. The link and image rules read each block's content as HTML with this
module; a block that carries something they would remove is dropped whole (Outlook then
shows what every other client shows), since editing inside a comment would mean
re-serialising markup no client but Outlook reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Comment, Tag

from policies import html as htmllib
from policies import textcut

# `[if gte mso 9]>…<![endif]`: the condition, then the markup Outlook reads.
CONDITIONAL = re.compile(r"^\s*\[if[^\]]*\]>(.*?)(?:<!\[endif\]\s*)?$", re.IGNORECASE | re.DOTALL)
# The VML elements whose `src` Outlook fetches as an image.
VML_IMAGES = frozenset({"v:fill", "v:image", "v:imagedata"})


def blocks(soup: BeautifulSoup) -> Iterator[tuple[Comment, list[Tag]]]:
    """Each conditional comment with the elements of its content, in document order.
    Collected first, so the caller may remove a comment while iterating."""
    found = []
    for node in textcut.strings(soup):
        if type(node) is not Comment:
            continue
        match = CONDITIONAL.match(str(node))
        if match and "<" in match.group(1):
            content = BeautifulSoup(htmllib.html5_markup(match.group(1)), "lxml")
            found.append((node, textcut.tags(content)))
    yield from found
