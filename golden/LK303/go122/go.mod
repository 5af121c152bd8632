module golden/lk303/go122

go 1.22
