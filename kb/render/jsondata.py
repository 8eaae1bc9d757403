"""Data embedded in a page as JSON for its own script: <script type="application/json">.

The JSON is escaped so that nothing in the data can end the script element or start markup:
<, > and & become \\u003c, \\u003e, \\u0026 (still valid JSON), and so do U+2028/U+2029."""
from __future__ import annotations

import html
import json

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_script(element_id: str, value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, repl in _JSON_ESCAPES.items():
        text = text.replace(char, repl)
    return f'<script type="application/json" id="{html.escape(element_id, quote=True)}">{text}</script>'
