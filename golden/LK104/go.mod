module golden/lk104

go 1.22
