package callsites_two_files

// background has no context: it gets context.TODO() (and the import), and
// the finding lists this call site as still able to leak.
func background() chan string {
	updates := make(chan string)
	startPoller(
		updates,
	)
	return updates
}
