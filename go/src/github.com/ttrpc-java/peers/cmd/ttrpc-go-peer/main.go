// ttrpc-go-peer is the Go ttrpc 1.1.1 interop peer spawned by the Java tests.
// Every subcommand's result is one line on stdout; diagnostics go to stderr.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/containerd/ttrpc"
	"github.com/gogo/protobuf/types"
	"google.golang.org/grpc/status"

	"github.com/ttrpc-java/peers/internal/peer"
)

const usage = `usage:
  ttrpc-go-peer server --socket PATH
  ttrpc-go-peer call --socket PATH --service S --method M [--payload-hex HEX | --payload-file FILE] [--timeout DURATION] [--md key=value]...
  ttrpc-go-peer concurrent --socket PATH [-n 200] [--size 64] [--service S] [--method M] [--timeout DURATION]
`

func main() {
	if len(os.Args) < 2 {
		die(usage)
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "server":
		server(args)
	case "call":
		call(args)
	case "concurrent":
		concurrent(args)
	default:
		die(usage)
	}
}

func die(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, format, a...)
	os.Exit(2)
}

// printJSON writes v as one line, without HTML escaping so messages stay readable.
func printJSON(v interface{}) {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		die("write: %v\n", err)
	}
}

func parse(fs *flag.FlagSet, args []string) {
	fs.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	if err := fs.Parse(args); err != nil {
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		die("unexpected arguments: %v\n%s", fs.Args(), usage)
	}
}

func server(args []string) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	socket := fs.String("socket", "", "unix socket path")
	parse(fs, args)
	if *socket == "" {
		die("server: --socket is required\n")
	}
	if err := peer.Serve(*socket, peer.RegisterInterop, peer.RegisterBench); err != nil {
		die("server: %v\n", err)
	}
}

// mdFlag collects repeated --md key=value; Append lower-cases keys, as any Go
// ttrpc client does.
type mdFlag struct{ md ttrpc.MD }

func (f *mdFlag) String() string { return fmt.Sprint(f.md) }
func (f *mdFlag) Set(s string) error {
	i := strings.IndexByte(s, '=')
	if i < 0 {
		return fmt.Errorf("want key=value, got %q", s)
	}
	f.md.Append(s[:i], s[i+1:])
	return nil
}

type callResult struct {
	Code       int    `json:"code"`
	Message    string `json:"message"`
	PayloadHex string `json:"payload_hex"`
	ElapsedUs  int64  `json:"elapsed_us"`
}

func call(args []string) {
	fs := flag.NewFlagSet("call", flag.ContinueOnError)
	socket := fs.String("socket", "", "unix socket path")
	service := fs.String("service", "", "full service name")
	method := fs.String("method", "", "method name")
	payloadHex := fs.String("payload-hex", "", "request payload, hex")
	payloadFile := fs.String("payload-file", "", "request payload, raw bytes from FILE (for payloads too big for argv)")
	timeout := fs.Duration("timeout", 0, "call deadline (0 = none)")
	md := &mdFlag{md: ttrpc.MD{}}
	fs.Var(md, "md", "metadata key=value (repeatable)")
	parse(fs, args)
	if *socket == "" || *service == "" || *method == "" {
		die("call: --socket, --service and --method are required\n")
	}
	payload, err := hex.DecodeString(*payloadHex)
	if err != nil {
		die("call: --payload-hex: %v\n", err)
	}
	if *payloadFile != "" {
		if *payloadHex != "" {
			die("call: --payload-hex and --payload-file exclude each other\n")
		}
		if payload, err = os.ReadFile(*payloadFile); err != nil {
			die("call: %v\n", err)
		}
	}

	ctx := context.Background()
	if len(md.md) > 0 {
		ctx = ttrpc.WithMetadata(ctx, md.md)
	}
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}

	start := time.Now()
	var res callResult
	conn, err := net.Dial("unix", *socket)
	if err == nil {
		client := ttrpc.NewClient(conn)
		var resp peer.Raw
		err = client.Call(ctx, *service, *method, &peer.Raw{B: payload}, &resp)
		res.PayloadHex = hex.EncodeToString(resp.B)
		client.Close()
	}
	res.ElapsedUs = time.Since(start).Microseconds()
	if err != nil {
		res.PayloadHex = ""
		// Only a status error has a code; dial errors, ttrpc.ErrClosed and the
		// caller's own context errors are plain Go errors: -1.
		if st, ok := status.FromError(err); ok {
			res.Code, res.Message = int(st.Code()), st.Message()
		} else {
			res.Code, res.Message = -1, err.Error()
		}
	}
	printJSON(res)
}

type concurrentResult struct {
	OK         int    `json:"ok"`
	Errors     int    `json:"errors"`
	Mismatched int    `json:"mismatched"`
	FirstError string `json:"first_error"`
}

func concurrent(args []string) {
	fs := flag.NewFlagSet("concurrent", flag.ContinueOnError)
	socket := fs.String("socket", "", "unix socket path")
	n := fs.Int("n", 200, "number of concurrent calls")
	size := fs.Int("size", 64, "payload bytes (min 8)")
	service := fs.String("service", peer.InteropService, "full service name")
	method := fs.String("method", "Echo", "method name (BytesValue echo)")
	timeout := fs.Duration("timeout", 30*time.Second, "deadline for the whole run")
	parse(fs, args)
	if *socket == "" || *n < 1 || *size < 8 {
		die("concurrent: --socket is required, -n >= 1, --size >= 8\n")
	}
	conn, err := net.Dial("unix", *socket)
	if err != nil {
		printJSON(concurrentResult{Errors: *n, FirstError: err.Error()})
		return
	}
	client := ttrpc.NewClient(conn) // one client, one connection, all calls
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	var (
		ready, done sync.WaitGroup
		mu          sync.Mutex
		res         concurrentResult
		start       = make(chan struct{})
	)
	for i := 0; i < *n; i++ {
		ready.Add(1)
		done.Add(1)
		go func(i int) {
			defer done.Done()
			req := make([]byte, *size)
			binary.BigEndian.PutUint64(req, uint64(i))
			for j := 8; j < len(req); j++ {
				req[j] = byte(i + j)
			}
			ready.Done()
			<-start // barrier: every goroutine has its payload before any call starts
			var resp types.BytesValue
			err := client.Call(ctx, *service, *method, &types.BytesValue{Value: req}, &resp)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				res.Errors++
				if res.FirstError == "" {
					res.FirstError = fmt.Sprintf("call %d: %v", i, err)
				}
			case !bytes.Equal(resp.Value, req):
				res.Mismatched++
				if res.FirstError == "" {
					res.FirstError = fmt.Sprintf("call %d: response differs from request", i)
				}
			default:
				res.OK++
			}
		}(i)
	}
	ready.Wait()
	close(start)
	done.Wait()
	printJSON(res)
}
