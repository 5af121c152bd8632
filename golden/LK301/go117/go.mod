module golden/lk301/go117

go 1.17
