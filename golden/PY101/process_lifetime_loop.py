import sys


def main(limit):
    # supervisor's loop_eventgen.py: the file lives as long as the process,
    # whose endless loop is left only by sys.exit
    report = open("/tmp/report", "w")
    i = 0
    while 1:
        report.write(f"{i}\n")
        i += 1
        if limit and i >= limit:
            sys.exit(0)
