module proof/lk102

go 1.22
