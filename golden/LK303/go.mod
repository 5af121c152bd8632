module golden/lk303

go 1.24
