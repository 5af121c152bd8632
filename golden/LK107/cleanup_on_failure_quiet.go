// Negative (etcd's embed.configureClientListeners): each listener gets a
// deferred cleanup that runs only if the function fails; on success nothing
// is released, on failure all are closed at the return, as intended.
package cleanup_on_failure_quiet

import "net"

func Listen(addrs []string) (lns []net.Listener, err error) {
	for _, a := range addrs {
		var ln net.Listener
		ln, err = net.Listen("tcp", a)
		if err != nil {
			return nil, err
		}
		defer func(l net.Listener) {
			if err == nil {
				return
			}
			l.Close()
		}(ln)
		lns = append(lns, ln)
	}
	return lns, nil
}
