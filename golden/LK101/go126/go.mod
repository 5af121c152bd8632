module golden/lk101/go126

go 1.26
