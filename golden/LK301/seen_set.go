// map[K]bool and map[K]struct{} are sets of seen keys, not caches of values.
// golden-args: --preview --unsafe-fixes
package seen_set

var seen = make(map[string]bool)

var visited = map[int]struct{}{}

func First(s string) bool {
	if seen[s] {
		return false
	}
	seen[s] = true
	return true
}

func Visit(n int) bool {
	if _, ok := visited[n]; ok {
		return false
	}
	visited[n] = struct{}{}
	return true
}
