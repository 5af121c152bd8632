package callsites_two_files

// Background has no context and is exported (its signature stays): it
// gets context.TODO() (and the import), and the finding lists this call site
// as still able to leak; handle's context is real, so the fix stands.
func Background() chan string {
	updates := make(chan string)
	startPoller(
		updates,
	)
	return updates
}
