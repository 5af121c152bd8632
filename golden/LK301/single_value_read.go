// golden-args: --preview --unsafe-fixes
package single_value_read

import "regexp"

var compiled = make(map[string]*regexp.Regexp, 64) // want LK301

func Match(pattern, s string) bool {
	re := compiled[pattern]
	if re == nil {
		re = regexp.MustCompile(pattern)
		compiled[pattern] = re
	}
	return re.MatchString(s)
}
