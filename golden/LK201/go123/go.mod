module golden/lk201go123

go 1.23
