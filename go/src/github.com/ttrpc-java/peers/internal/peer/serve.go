package peer

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/containerd/ttrpc"
)

// Serve listens on socket, prints READY once listening and serves until
// SIGTERM/SIGINT. The same-user handshaker is what containerd's shims use.
func Serve(socket string, register ...func(*ttrpc.Server)) error {
	s, err := ttrpc.NewServer(ttrpc.WithServerHandshaker(ttrpc.UnixSocketRequireSameUser()))
	if err != nil {
		return err
	}
	for _, r := range register {
		r(s)
	}
	if err := removeStale(socket); err != nil {
		return err
	}
	l, err := net.Listen("unix", socket)
	if err != nil {
		return err
	}
	// Subscribe before READY so a signal sent right after READY is not lost.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	served := make(chan error, 1)
	go func() { served <- s.Serve(context.Background(), l) }()
	fmt.Fprintln(os.Stdout, "READY") // os.Stdout is unbuffered: no flush needed

	select {
	case <-sigs:
		s.Close() // hard close: the peers hold no state worth draining
		os.Remove(socket)
		return nil
	case err := <-served:
		os.Remove(socket)
		return err
	}
}

// removeStale deletes a leftover socket but refuses to delete anything else.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("%s exists and is not a socket", path)
	}
	return os.Remove(path)
}
