// s.fn is a field of func type, not a method: nothing is bound.
package func_field_not_method

type Service struct {
	fn  func()
	run func()
}

func (s *Service) Start() {
	s.run = s.fn
}
