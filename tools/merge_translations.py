#!/usr/bin/env python3
"""During a git merge with conflicts in a .ts file: keep every message of both sides
(by context, source, comment), preferring a finished translation. Then run
tools/update_translations.py.   python tools/merge_translations.py resources/translations/beacon_zh_CN.ts
"""
import subprocess, sys, xml.etree.ElementTree as ET
path = sys.argv[1]
ours = ET.fromstring(subprocess.run(["git", "show", f":2:{path}"], capture_output=True, check=True).stdout)
theirs = ET.fromstring(subprocess.run(["git", "show", f":3:{path}"], capture_output=True, check=True).stdout)
def index(root):
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source"), msg.findtext("comment"))] = msg
    return out
have = index(ours)
ctxs = {c.findtext("name"): c for c in ours.iter("context")}
added = 0
for ctx in theirs.iter("context"):
    name = ctx.findtext("name")
    for msg in ctx.iter("message"):
        key = (name, msg.findtext("source"), msg.findtext("comment"))
        tr = msg.find("translation")
        if key in have:
            mine = have[key].find("translation")
            if mine.get("type") == "unfinished" and tr.get("type") != "unfinished":
                have[key].remove(mine); have[key].append(tr)
            continue
        if name not in ctxs:
            new = ET.SubElement(ours, "context"); ET.SubElement(new, "name").text = name; ctxs[name] = new
        ctxs[name].append(msg); added += 1
ET.ElementTree(ours).write(path, encoding="utf-8", xml_declaration=True)
print(path, "added", added)
