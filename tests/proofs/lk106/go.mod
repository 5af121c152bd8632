module proof/lk106

go 1.22
