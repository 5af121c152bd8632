module golden/lk201

go 1.22
