def write_xml(self, file, data):
    # supervisor's templating.py: a path parameter replaced by the file opened from it
    if not hasattr(file, "write"):
        file = open(file, "wb")  # want: PY101
    file.write(data)
