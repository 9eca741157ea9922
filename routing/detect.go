package routing

import "bytes"

// topKeys returns the keys of src's top-level object, or of the first element of its
// top-level array, without decoding the values (they are skipped by bracket matching). It
// returns nil when src doesn't start like a JSON object or array of objects.
func topKeys(src []byte) (keys map[string]bool, isArray bool) {
	i := skipWS(src, 0)
	if i < len(src) && src[i] == '[' {
		isArray = true
		i = skipWS(src, i+1)
	}
	if i >= len(src) || src[i] != '{' {
		return nil, false
	}
	keys = map[string]bool{}
	i++
	for {
		i = skipWS(src, i)
		if i >= len(src) || src[i] != '"' {
			return keys, isArray
		}
		end := skipString(src, i)
		if end < 0 {
			return keys, isArray
		}
		keys[string(src[i+1:end-1])] = true
		i = skipWS(src, end)
		if i >= len(src) || src[i] != ':' {
			return keys, isArray
		}
		i = skipValue(src, skipWS(src, i+1))
		if i < 0 {
			return keys, isArray
		}
		i = skipWS(src, i)
		if i >= len(src) || src[i] != ',' {
			return keys, isArray
		}
		i++
	}
}

func skipWS(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the offset just past the string starting at src[i] (a quote), or -1.
func skipString(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the offset just past the value starting at src[i], or -1 when the input
// ends first.
func skipValue(src []byte, i int) int {
	if i >= len(src) {
		return -1
	}
	switch src[i] {
	case '"':
		return skipString(src, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(src); j++ {
			switch src[j] {
			case '"':
				j = skipString(src, j)
				if j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	end := bytes.IndexAny(src[i:], ",}] \t\r\n")
	if end < 0 {
		return len(src)
	}
	return i + end
}
