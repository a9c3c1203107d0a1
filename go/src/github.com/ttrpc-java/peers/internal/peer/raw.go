// Package peer holds what both Go peers share: the raw message type, the
// services and the serve loop.
package peer

import "encoding/hex"

// Raw is a proto.Message whose wire form is exactly its bytes. gogo's
// proto.Marshal/Unmarshal (used by ttrpc's codec) call Marshal()/Unmarshal()
// on types that provide them, so any payload can be sent and shown undecoded.
type Raw struct {
	B []byte
}

func (r *Raw) Reset()         { r.B = nil }
func (r *Raw) String() string { return hex.EncodeToString(r.B) }
func (*Raw) ProtoMessage()    {}

// Marshal returns the bytes as they are.
func (r *Raw) Marshal() ([]byte, error) { return r.B, nil }

// Unmarshal copies: the caller's buffer may come from ttrpc's buffer pool.
func (r *Raw) Unmarshal(p []byte) error {
	r.B = append([]byte(nil), p...)
	return nil
}
