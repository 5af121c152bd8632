module golden/lk102/go123

go 1.23
