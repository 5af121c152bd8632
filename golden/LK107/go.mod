module golden/lk107

go 1.22
