// A method value in a local variable dies with the call.
package local_variable

type Service struct{ data []byte }

func (s *Service) loop() {}

func (s *Service) Once() {
	var run func()
	run = s.loop
	run()
}
