import sys

LOG = open(sys.argv[0])
print(LOG.readline())
