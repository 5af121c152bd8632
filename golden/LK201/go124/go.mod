module golden/lk201go124

go 1.24
