module proof/lk301

go 1.22
