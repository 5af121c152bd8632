module proof/lk104

go 1.22
