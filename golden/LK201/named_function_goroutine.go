package named_function_goroutine

// start runs a named worker: both worker and start get a context
// parameter; start's caller has none either, so the context is threaded one
// more level up (main2 gets it too): no call site is given context.TODO().
func start(jobs <-chan int, results chan<- int) {
	go worker(jobs, results) // want LK201
}

func worker(jobs <-chan int, results chan<- int) {
	var j int
	for {
		j = <-jobs
		results <- j * 2
	}
}

func main2() {
	jobs, results := make(chan int), make(chan int)
	start(jobs, results)
}
