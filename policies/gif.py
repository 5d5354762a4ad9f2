"""Animated GIF images, told from still ones by their bytes: more than one frame, or a
looping extension (NETSCAPE2.0, ANIMEXTS1.0)."""

from __future__ import annotations

import base64
import binascii


def data_uri(uri: str) -> bytes:
    header, _, payload = uri.partition(",")
    if not header.lower().endswith(";base64"):
        return b""
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return b""


def is_animated_gif(data: bytes) -> bool:
    """True for a GIF with more than one frame or a looping (NETSCAPE2.0) extension."""
    if not data.startswith((b"GIF87a", b"GIF89a")) or len(data) < 13:
        return False
    position = 13
    if data[10] & 0x80:
        position += 3 * (2 << (data[10] & 0x07))
    frames = 0
    while position < len(data):
        block = data[position]
        if block == 0x3B:
            break
        if block == 0x21:
            if data[position + 2:position + 14] in (b"\x0bNETSCAPE2.0", b"\x0bANIMEXTS1.0"):
                return True
            position = _skip_sub_blocks(data, position + 2)
        elif block == 0x2C:
            frames += 1
            if frames > 1:
                return True
            flags = data[position + 9] if position + 9 < len(data) else 0
            position += 10
            if flags & 0x80:
                position += 3 * (2 << (flags & 0x07))
            position = _skip_sub_blocks(data, position + 1)
        else:
            break
    return False


def _skip_sub_blocks(data: bytes, position: int) -> int:
    while position < len(data) and data[position]:
        position += data[position] + 1
    return position + 1
