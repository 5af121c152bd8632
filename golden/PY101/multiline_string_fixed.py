def report(path, rows):
    out = open(path, "w")  # want: PY101
    out.write("""header
  indented line
last line
""")
    for row in rows:
        out.write(row + "\n")
