def opener(path):
    f = open(path)
    return f
