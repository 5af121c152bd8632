"""PY301: a module-level cache that only grows."""

_documents = {}


def document(key):
    if key in _documents:
        return _documents[key]
    doc = {"key": key, "body": "x" * 200}
    _documents[key] = doc
    return doc
