module proof/lk101

go 1.22
