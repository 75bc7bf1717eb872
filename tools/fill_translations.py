#!/usr/bin/env python3
"""Fill translations into a .ts file from a JSON table {source: translation}.

    python tools/fill_translations.py resources/translations/beacon_zh_CN.ts table.json

A plural source (numerus) takes a list of forms. Only entries still unfinished are
filled (the same English words may be translated differently in another context);
--force overwrites finished ones too. Then run tools/update_translations.py to
normalise the file and compile the .qm.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET


def fill(path: str, table: dict, *, force: bool = False) -> int:
    tree = ET.parse(path)
    filled = 0
    for msg in tree.iter("message"):
        source = msg.findtext("source")
        if source not in table:
            continue
        tr = msg.find("translation")
        if not force and tr.get("type") != "unfinished":
            continue
        value = table[source]
        if msg.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            for form in value if isinstance(value, list) else [value]:
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = value
        tr.attrib.pop("type", None)
        filled += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return filled


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--force"]
    with open(args[1], encoding="utf-8") as f:
        print("filled", fill(args[0], json.load(f), force="--force" in sys.argv))
