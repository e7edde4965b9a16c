#!/usr/bin/env python3
"""Trunk post-build hook: allow exactly the inline scripts trunk wrote, by their SHA-256.

The page's Content-Security-Policy then needs no 'unsafe-inline' for scripts: only the
page's own files, its wasm, and these scripts run.
"""
import base64
import hashlib
import os
import re
import sys

path = os.path.join(os.environ.get("TRUNK_STAGING_DIR", "dist"), "index.html")
html = open(path, encoding="utf-8").read()
hashes = []
for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S):
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    hashes.append(f"'sha256-{digest}'")
if "'unsafe-inline' ; style-src" in html:
    sys.exit("unexpected CSP shape")
new = re.sub(r"(script-src [^;]*?)'unsafe-inline'", lambda m: m.group(1) + " ".join(hashes), html, count=1)
if new == html and hashes:
    sys.exit("csp_hash.py: no 'unsafe-inline' in script-src to replace")
open(path, "w", encoding="utf-8").write(new)
