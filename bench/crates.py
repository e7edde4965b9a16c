"""Sums twiggy's `top` CSV (on stdin) by crate or module, leaving out what wasm-bindgen strips
(its custom section, the names, the describe functions). Prints the 15 biggest."""
import collections
import csv
import re
import sys

PATTERN = re.compile(
    r"(boomerang_core::\w+|boomerang_app::\w+(?:::\w+)?|serde_json|serde_core|serde|chrono|yew|"
    r"web_sys|js_sys|wasm_bindgen|gloo\w*|hashbrown|dlmalloc|bincode|csv_core|csv|core|alloc|std)"
)
sizes = collections.Counter()
for row in csv.DictReader(sys.stdin):
    name = row["Name"]
    if name.startswith("custom section") or "subsection" in name or "describe" in name:
        continue
    m = PATTERN.search(name)
    key = m.group(1) if m else ("data" if name.startswith("data") else "other")
    sizes[key] += int(row["ShallowSize"])
total = sum(sizes.values())
for key, size in sizes.most_common(15):
    print(f"{size:>9,}  {size / total:6.1%}  {key}")
print(f"{total:>9,}  100.0%  in all")
