module golden/lk106

go 1.22
