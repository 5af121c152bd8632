// The leak guide's example: run holds s.loop, so data stays reachable as long
// as run is referenced.
// golden-args: --preview
package guide_service

import "time"

type Service struct {
	data []byte
	run  func()
}

func (s *Service) Start() {
	s.run = s.loop // want LK302
}

func (s *Service) loop() {
	time.Sleep(time.Hour)
}
