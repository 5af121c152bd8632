module proof/lk202

go 1.22

require go.uber.org/goleak v1.3.0
