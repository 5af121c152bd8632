module golden/lk202

go 1.22
