module golden/lk101

go 1.22
