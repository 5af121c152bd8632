module golden/lk103

go 1.22
