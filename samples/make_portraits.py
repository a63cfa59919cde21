"""Make the demo speakers' portraits: a person's initials on a coloured square,
plainly not a photograph (the speakers are fictional). PNG written with zlib
alone, so that no imaging library is needed. Run: python samples/make_portraits.py"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE, SCALE = 128, 8  # pixels; each font dot is SCALE x SCALE pixels

# A 5 x 7 dot font, only the letters the portraits need ('#' is ink).
FONT = {
    "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
    "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
}

# file name -> initials, background and ink colours (ink on background meets WCAG AA).
PORTRAITS = {
    "naima-khedouri.png": ("NK", (122, 46, 14), (255, 255, 255)),
    "messody-ouaknine.png": ("MO", (26, 86, 119), (255, 255, 255)),
    "lucienne-sabbagh.png": ("LS", (46, 94, 46), (255, 255, 255)),
}


def portrait_pixels(initials: str, background, ink) -> list[list[tuple[int, int, int]]]:
    rows = [[background] * SIZE for _ in range(SIZE)]
    glyph_width, gap = 5 * SCALE, SCALE
    left = (SIZE - (len(initials) * glyph_width + (len(initials) - 1) * gap)) // 2
    top = (SIZE - 7 * SCALE) // 2
    for number, letter in enumerate(initials):
        x0 = left + number * (glyph_width + gap)
        for dy, line in enumerate(FONT[letter]):
            for dx, dot in enumerate(line):
                if dot == "#":
                    for y in range(top + dy * SCALE, top + (dy + 1) * SCALE):
                        for x in range(x0 + dx * SCALE, x0 + (dx + 1) * SCALE):
                            rows[y][x] = ink
    return rows


def png(rows: list[list[tuple[int, int, int]]]) -> bytes:
    """An 8-bit RGB PNG: signature, IHDR, one IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + bytes(v for pixel in row for v in pixel) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    folder = HERE / "portraits"
    folder.mkdir(exist_ok=True)
    for name, (initials, background, ink) in PORTRAITS.items():
        (folder / name).write_bytes(png(portrait_pixels(initials, background, ink)))
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
