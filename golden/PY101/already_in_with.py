def words(path):
    with open(path) as f:
        return f.read().split()
