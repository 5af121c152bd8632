import csv


def rows(path):
    f = open(path, newline="")
    return csv.reader(f)
