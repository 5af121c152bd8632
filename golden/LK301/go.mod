module golden/lk301

go 1.22

require github.com/hashicorp/golang-lru/v2 v2.0.7
