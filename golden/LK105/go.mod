module golden/lk105

go 1.22
