def size(path):
    f = open(path, "rb")
    try:
        return len(f.read())
    finally:
        f.close()
