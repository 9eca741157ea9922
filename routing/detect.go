package routing

import "bytes"

// topKeys returns the keys of src's top-level object, or of the first element of its
// top-level array, with the byte span of each key's value, without decoding the values (they
// are skipped by bracket matching). It returns nil when src doesn't start like a JSON object
// or array of objects.
func topKeys(src []byte) (keys map[string][2]int, isArray bool) {
	i := skipWS(src, 0)
	if i < len(src) && src[i] == '[' {
		isArray = true
		i = skipWS(src, i+1)
	}
	if i >= len(src) || src[i] != '{' {
		return nil, false
	}
	keys = map[string][2]int{}
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
		key := string(src[i+1 : end-1])
		i = skipWS(src, end)
		if i >= len(src) || src[i] != ':' {
			keys[key] = [2]int{i, i}
			return keys, isArray
		}
		start := skipWS(src, i+1)
		i = skipValue(src, start)
		if i < 0 {
			keys[key] = [2]int{start, len(src)}
			return keys, isArray
		}
		keys[key] = [2]int{start, i}
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

// Detect says what kind of routing document src is, looking only at its top-level keys (or,
// for an array, its first element's) and a peek into the values that tell workflows apart
// from other documents with the same key names, so that it is cheap on large flow exports.
// Malformed JSON is NotRouting: flow validation reports it.
func Detect(src []byte) Kind {
	spans, isArray := topKeys(src)
	if spans == nil {
		return NotRouting
	}
	keys := make(map[string]bool, len(spans))
	for k := range spans {
		keys[k] = true
	}
	peek := func(key string) (inner map[string]bool, text string) {
		sp, ok := spans[key]
		if !ok || sp[0] >= sp[1] {
			return nil, ""
		}
		v := src[sp[0]:sp[1]]
		switch v[0] {
		case '{':
			ks, _ := topKeys(v)
			inner = map[string]bool{}
			for k := range ks {
				inner[k] = true
			}
			return inner, ""
		case '"':
			return nil, string(v)
		}
		return nil, ""
	}
	return detectKeys(keys, isArray, peek)
}
