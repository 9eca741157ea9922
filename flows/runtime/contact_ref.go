package runtime

// DefaultObfuscationKey is the key an environment uses for contact references when it names none.
var DefaultObfuscationKey = [4]uint32{0xA3B1C, 0xD2E3F, 0x1A2B3, 0xC0FFEE}

// refAlphabet holds the characters of a contact reference: upper-case letters and digits
// without I, O, 0 and 1, which people misread.
const refAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// maxRefID is the largest contact id that has a reference.
const maxRefID = 9_999_999_999

// ContactRef is @contact.ref: a short code people can read out instead of the contact's id. The
// id is scrambled with a four-round Feistel network keyed by the environment's obfuscation key,
// so consecutive ids give unrelated codes, and written in base 32: 6 characters for ids below
// 32⁶, 7 above (those are offset by 32⁶ first). A contact without an id (0), or with one above
// 9,999,999,999, has no reference ("").
func ContactRef(id int64, key [4]uint32) string {
	if id <= 0 || id > maxRefID {
		return ""
	}
	const six = 1 << 30 // 32⁶
	n, half, length := uint64(id), uint(15), 6
	if n >= six {
		n, half, length = n-six, 17, 7
	}
	mask := uint64(1)<<half - 1
	left, right := n>>half&mask, n&mask
	for _, k := range key {
		// the round function: mix the right half with the round's key
		f := (right ^ uint64(k)) * 0x45D9F3B
		f ^= f >> 16
		left, right = right, left^(f&mask)
	}
	code := left<<half | right
	out := make([]byte, length)
	for i := length - 1; i >= 0; i-- {
		out[i] = refAlphabet[code%32]
		code /= 32
	}
	return string(out)
}
