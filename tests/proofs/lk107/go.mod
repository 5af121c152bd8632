module proof/lk107

go 1.22
