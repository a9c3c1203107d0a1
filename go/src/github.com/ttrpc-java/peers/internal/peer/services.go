package peer

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/containerd/ttrpc"
	"github.com/gogo/protobuf/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const (
	InteropService = "ttrpc.interop.v1.Interop"
	BenchService   = "ttrpc.bench.v1.Echo"
	maxBig         = 256 << 20 // Big refuses more, so a typo cannot exhaust memory
)

// Echo returns the request's BytesValue unchanged (interop Echo and bench Echo).
func Echo(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
	var req types.BytesValue
	if err := unmarshal(&req); err != nil {
		return nil, err
	}
	return &req, nil
}

// RegisterBench registers ttrpc.bench.v1.Echo/Echo.
func RegisterBench(s *ttrpc.Server) {
	s.Register(BenchService, map[string]ttrpc.Method{"Echo": Echo})
}

// RegisterInterop registers ttrpc.interop.v1.Interop.
func RegisterInterop(s *ttrpc.Server) {
	s.Register(InteropService, map[string]ttrpc.Method{
		"Echo":     Echo,
		"Metadata": metadata,
		"Deadline": deadline,
		"Sleep":    sleep,
		"Fail":     fail,
		"Big":      big,
	})
}

// metadata answers the received metadata as JSON, keys exactly as they came
// off the wire (the Go server does not lower-case them).
func metadata(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
	if err := unmarshal(&types.Empty{}); err != nil {
		return nil, err
	}
	md, _ := ttrpc.GetMetadata(ctx)
	if md == nil {
		md = ttrpc.MD{}
	}
	b, err := json.Marshal(map[string][]string(md))
	if err != nil {
		return nil, err
	}
	return &types.StringValue{Value: string(b)}, nil
}

// deadline reports the time left at handler entry, before any other work.
func deadline(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
	left := int64(-1)
	if dl, ok := ctx.Deadline(); ok {
		left = time.Until(dl).Nanoseconds()
	}
	if err := unmarshal(&types.Empty{}); err != nil {
		return nil, err
	}
	return &types.Int64Value{Value: left}, nil
}

// sleep returns the bare ctx.Err() so ttrpc's own error mapping is what the
// caller sees (DeadlineExceeded -> DEADLINE_EXCEEDED).
func sleep(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
	var req types.Int64Value
	if err := unmarshal(&req); err != nil {
		return nil, err
	}
	t := time.NewTimer(time.Duration(req.Value) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return &types.Empty{}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fail parses "CODE MESSAGE" and returns that status; code 0 succeeds.
func fail(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
	var req types.StringValue
	if err := unmarshal(&req); err != nil {
		return nil, err
	}
	num, msg := req.Value, ""
	if i := strings.IndexByte(req.Value, ' '); i >= 0 {
		num, msg = req.Value[:i], req.Value[i+1:]
	}
	code, err := strconv.ParseUint(num, 10, 32)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "Fail wants \"CODE MESSAGE\", got %q", req.Value)
	}
	if code == 0 {
		return &types.Empty{}, nil
	}
	return nil, status.Error(codes.Code(code), msg)
}

// big answers n bytes with byte i = i%251, to provoke oversized responses.
func big(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
	var req types.Int64Value
	if err := unmarshal(&req); err != nil {
		return nil, err
	}
	if req.Value < 0 || req.Value > maxBig {
		return nil, status.Errorf(codes.InvalidArgument, "Big wants 0..%d bytes, got %d", maxBig, req.Value)
	}
	b := make([]byte, req.Value)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return &types.BytesValue{Value: b}, nil
}
