def touch(path):
    f = open(path, "a")
    f.close()
