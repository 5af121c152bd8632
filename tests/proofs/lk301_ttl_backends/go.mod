module proof/lk301ttl

go 1.24.0

require (
	github.com/hashicorp/golang-lru/v2 v2.0.7
	github.com/maypok86/otter/v2 v2.4.0
	go.uber.org/goleak v1.3.0
)
