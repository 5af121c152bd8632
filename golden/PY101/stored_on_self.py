class Log:
    def __init__(self, path):
        f = open(path, "a")
        self.out = f

    def close(self):
        self.out.close()
