# golden-args: --unsafe-fixes
import functools
import json

_parsed = dict()  # want: PY301


def parse(text):
    """Parse once per distinct text."""
    doc = _parsed.get(text)
    if doc is not None:
        return doc
    doc = json.loads(text)
    _parsed[text] = doc
    return doc
