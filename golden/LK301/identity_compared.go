// golden-args: --preview
// A map cache whose looked-up values are compared by identity: an evicted
// key would get a new value and the comparison would change meaning.
// Quiet by default (LK301 is preview), reported with --preview.
package identity_compared

type Session struct{ user string }

var sessions = make(map[string]*Session) // want LK301

var current *Session

func Get(user string) (*Session, bool) {
	s, ok := sessions[user]
	if ok && s == current {
		return s, true
	}
	if !ok {
		s = &Session{user: user}
		sessions[user] = s
	}
	return s, false
}
