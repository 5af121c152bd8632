module golden/lk102

go 1.22
