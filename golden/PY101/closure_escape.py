def lines(path):
    f = open(path)

    def next_line():
        return f.readline()

    return next_line
