_handlers = {}


def register(name):
    def deco(fn):
        _handlers[name] = fn
        return fn

    return deco


def dispatch(name, *args):
    return _handlers[name](*args)
