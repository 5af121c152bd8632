module golden/lk302

go 1.22
