#!/usr/bin/env python3
"""Build resources/emoji/emoji.json (names, Chinese keywords, shortcodes, categories).

    python tools/build_emoji_data.py path/to/emojibase-data/package [--max-version 15.0]

The source is the npm package emojibase-data (MIT, https://emojibase.dev), unpacked
from `npm pack emojibase-data` (`tar xzf emojibase-data-*.tgz` gives `package/`).
Only emoji the bundled font draws are kept (Noto Color Emoji 2.042 covers Emoji 15.0:
`--max-version`), without the "component" group (skin-tone and hair swatches) and
without skin-tone variants, so the file stays small. The output is committed; run
this again only to move to a newer emojibase or font.

Output (compact, one emoji per line):
    {"source": ..., "licence": ..., "groups": [key, ...],
     "emoji": [[emoji, group, en_label, zh_label, en_tags, zh_tags, shortcodes], ...]}
with the tags and shortcodes space-separated, in emojibase's order.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "emoji" / "emoji.json"
SHORTCODE_SETS = ("emojibase", "github", "cldr")  # first wins for the preferred shortcode
SKIP_GROUPS = {"component"}


def load(package: Path, name: str):
    return json.loads((package / name).read_text(encoding="utf-8"))


def canonical(e: dict) -> str:
    """Unicode's fully-qualified form: emojibase appends U+FE0F to every emoji with a text
    variant, even where the emoji presentation is the default (type 1, e.g. 👍), which
    would make "👍" and "👍\ufe0f" two different reactions."""
    emoji = e["emoji"]
    bare = emoji.replace("\ufe0f", "")
    return bare if e.get("type") == 1 and len(bare) == 1 else emoji


def build(package: Path, max_version: float) -> dict:
    meta = load(package, "package.json")
    groups = [g["key"] for g in sorted(load(package, "en/messages.json")["groups"], key=lambda g: g["order"])]
    zh = {e["hexcode"]: e for e in load(package, "zh/data.json")}
    shortcodes: dict[str, list[str]] = {}
    for name in SHORTCODE_SETS:
        for hexcode, codes in load(package, f"en/shortcodes/{name}.json").items():
            bucket = shortcodes.setdefault(hexcode, [])
            for code in [codes] if isinstance(codes, str) else codes:
                if code not in bucket:
                    bucket.append(code)
    kept_groups = [g for g in groups if g not in SKIP_GROUPS]
    rows = []
    for e in sorted(load(package, "en/data.json"), key=lambda e: e.get("order", 1 << 30)):
        if "group" not in e or groups[e["group"]] in SKIP_GROUPS or e.get("version", 0) > max_version:
            continue
        z = zh.get(e["hexcode"], {})
        rows.append([
            canonical(e), kept_groups.index(groups[e["group"]]), e["label"], z.get("label", ""),
            " ".join(e.get("tags", [])), " ".join(z.get("tags", [])), " ".join(shortcodes.get(e["hexcode"], [])),
        ])
    return {
        "source": f"emojibase-data {meta['version']} (npm), shortcodes: {', '.join(SHORTCODE_SETS)}; emoji up to version {max_version}",
        "licence": "MIT, Copyright (c) 2017-2019 Miles Johnson (see LICENSE-emojibase.txt)",
        "groups": kept_groups,
        "emoji": rows,
    }


def write(data: dict, out: Path) -> None:
    head = {k: v for k, v in data.items() if k != "emoji"}
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in data["emoji"]]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',\n"emoji": [\n' + ",\n".join(lines) + "\n]}\n"
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked emojibase-data package folder")
    parser.add_argument("--max-version", type=float, default=15.0, help="newest emoji version the font draws")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not (args.package / "en" / "data.json").is_file():
        print(f"error: {args.package} is not an unpacked emojibase-data package (no en/data.json)", file=sys.stderr)
        return 2
    data = build(args.package, args.max_version)
    write(data, args.out)
    print(f"wrote {args.out} ({len(data['emoji'])} emoji, {args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
