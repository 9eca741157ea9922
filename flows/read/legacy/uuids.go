package legacy

import (
	"crypto/sha1"
	"encoding/hex"
)

// namespace is the UUID namespace of the UUIDs this package derives (a constant of flowctl's own).
var namespace = [16]byte{0x6f, 0x1c, 0x2a, 0x5e, 0x93, 0x47, 0x4d, 0x0b, 0x8a, 0x61, 0x3e, 0x0f, 0xc2, 0x7d, 0x19, 0xb4}

// derive returns the name-based (version 5, RFC 9562) UUID of a legacy UUID and the role of the
// new item ("category", "case", "action"): the same inputs always give the same UUID, and
// different roles of one legacy item give different ones.
func derive(legacyUUID, role string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(legacyUUID + "/" + role))
	sum := h.Sum(nil)
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	var b [36]byte
	hex.Encode(b[0:8], sum[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], sum[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], sum[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], sum[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], sum[10:16])
	return string(b[:])
}
