// ttrpc-go-bench runs the benchmark protocol of docs/performance.md with Go
// ttrpc 1.1.1: unary ttrpc.bench.v1.Echo/Echo, BytesValue in and out.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"net"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/containerd/ttrpc"
	"github.com/gogo/protobuf/types"

	"github.com/ttrpc-java/peers/internal/peer"
)

const usage = `usage:
  ttrpc-go-bench server --socket PATH
  ttrpc-go-bench client --socket PATH -c N -n CALLS -size BYTES [-warmup CALLS]
`

func main() {
	if len(os.Args) < 2 {
		die(usage)
	}
	switch os.Args[1] {
	case "server":
		fs := flag.NewFlagSet("server", flag.ContinueOnError)
		socket := fs.String("socket", "", "unix socket path")
		parse(fs)
		if *socket == "" {
			die("server: --socket is required\n")
		}
		if err := peer.Serve(*socket, peer.RegisterBench); err != nil {
			die("server: %v\n", err)
		}
	case "client":
		client()
	default:
		die(usage)
	}
}

func die(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, format, a...)
	os.Exit(2)
}

func parse(fs *flag.FlagSet) {
	fs.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	if err := fs.Parse(os.Args[2:]); err != nil {
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		die("unexpected arguments: %v\n%s", fs.Args(), usage)
	}
}

type result struct {
	Calls              int64   `json:"calls"`
	Seconds            float64 `json:"seconds"`
	CallsPerSec        float64 `json:"calls_per_sec"`
	P50Us              float64 `json:"p50_us"`
	P99Us              float64 `json:"p99_us"`
	P999Us             float64 `json:"p999_us"`
	MaxUs              float64 `json:"max_us"`
	Errors             int64   `json:"errors"`
	ClientCPUUsPerCall float64 `json:"client_cpu_us_per_call"`
	MBPerSec           float64 `json:"mb_per_sec"` // payload bytes each way
	Size               int     `json:"size"`
	Concurrency        int     `json:"concurrency"`
	Warmup             int64   `json:"warmup"`
	FirstError         string  `json:"first_error,omitempty"`
}

// load drives one closed loop: c goroutines take sequence numbers from a
// shared counter until total calls have been issued.
type load struct {
	client     *ttrpc.Client
	c, size    int
	next       int64 // next sequence number (shared by warmup and measurement)
	errors     int64
	mu         sync.Mutex
	firstError string
}

func (l *load) fail(err error) {
	atomic.AddInt64(&l.errors, 1)
	l.mu.Lock()
	if l.firstError == "" {
		l.firstError = err.Error()
	}
	l.mu.Unlock()
}

// run issues total calls and returns their latencies in nanoseconds.
func (l *load) run(total int64) []int64 {
	end := atomic.LoadInt64(&l.next) + total
	lats := make([][]int64, l.c)
	var wg sync.WaitGroup
	for w := 0; w < l.c; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			req := make([]byte, l.size)
			for j := 8; j < len(req); j++ {
				req[j] = byte(j)
			}
			mine := make([]int64, 0, total/int64(l.c)+1)
			ctx := context.Background()
			for {
				seq := atomic.AddInt64(&l.next, 1) - 1
				if seq >= end {
					break
				}
				binary.BigEndian.PutUint64(req, uint64(seq))
				var resp types.BytesValue
				t0 := time.Now()
				err := l.client.Call(ctx, peer.BenchService, "Echo", &types.BytesValue{Value: req}, &resp)
				mine = append(mine, int64(time.Since(t0)))
				if err == nil && !bytes.Equal(resp.Value, req) {
					err = fmt.Errorf("response to call %d differs from its request", seq)
				}
				if err != nil {
					l.fail(err)
				}
			}
			lats[w] = mine
		}(w)
	}
	wg.Wait()
	var all []int64
	for _, m := range lats {
		all = append(all, m...)
	}
	return all
}

func cpuMicros() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e3
}

// pct is the nearest-rank percentile of sorted latencies, in microseconds.
func pct(sorted []int64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	if i < 0 {
		i = 0
	}
	return round1(float64(sorted[i]) / 1e3)
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func client() {
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	socket := fs.String("socket", "", "unix socket path")
	c := fs.Int("c", 1, "concurrent callers")
	n := fs.Int64("n", 10000, "measured calls")
	size := fs.Int("size", 16, "payload bytes (min 8)")
	warmup := fs.Int64("warmup", -1, "warmup calls (default: n/10, at least c)")
	parse(fs)
	if *socket == "" || *c < 1 || *n < 1 || *size < 8 {
		die("client: --socket is required, -c >= 1, -n >= 1, -size >= 8\n")
	}
	if *warmup < 0 {
		*warmup = *n / 10
		if *warmup < int64(*c) {
			*warmup = int64(*c)
		}
	}
	conn, err := net.Dial("unix", *socket)
	if err != nil {
		die("client: %v\n", err)
	}
	cl := ttrpc.NewClient(conn) // one connection for every caller
	defer cl.Close()

	l := &load{client: cl, c: *c, size: *size}
	if *warmup > 0 {
		l.run(*warmup)
	}
	l.errors, l.firstError = 0, "" // warmup failures do not count
	cpu0, t0 := cpuMicros(), time.Now()
	lats := l.run(*n)
	secs := time.Since(t0).Seconds()
	cpu := cpuMicros() - cpu0

	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	r := result{
		Calls: *n, Seconds: math.Round(secs*1e6) / 1e6,
		CallsPerSec: round1(float64(*n) / secs),
		P50Us:       pct(lats, 0.50), P99Us: pct(lats, 0.99), P999Us: pct(lats, 0.999),
		MaxUs:  pct(lats, 1),
		Errors: l.errors, ClientCPUUsPerCall: round1(cpu / float64(*n)),
		MBPerSec: round1(float64(*n) * float64(*size) / secs / 1e6),
		Size:     *size, Concurrency: *c, Warmup: *warmup,
	}
	r.FirstError = l.firstError
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.Encode(r)
}
