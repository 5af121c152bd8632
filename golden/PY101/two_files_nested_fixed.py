def copy(src, dst):
    fin = open(src, "rb")  # want: PY101
    fout = open(dst, "wb")  # want: PY101
    fout.write(fin.read())
    fin.close()
    fout.close()
