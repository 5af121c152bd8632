// A method expression binds no receiver.
package method_expression

type Service struct {
	data []byte
	run  func(*Service)
}

func (s *Service) loop() {}

func (s *Service) Start() {
	s.run = (*Service).loop
}
