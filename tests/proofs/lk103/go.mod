module proof/lk103

go 1.22
