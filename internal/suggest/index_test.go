package suggest

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// TestIndexNearest: the index gives Nearest's answers, the first of equally near candidates
// included.
func TestIndexNearest(t *testing.T) {
	candidates := []string{"Survey", "Registration", "Registrations", "registration", "", "Ask Age"}
	for _, tc := range []struct{ s, want string }{
		{"Registraton", "Registration"},  // one letter missing
		{"REGISTRATION", "Registration"}, // case doesn't count; the first of equals wins
		{"Survye", "Survey"},
		{"Ask age", "Ask Age"},
		{"Something else", ""},
		{"", ""}, // the nearest is the empty candidate, which is no suggestion
	} {
		if got := Nearest(tc.s, candidates); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.s, got, tc.want)
		}
		if got := NewIndex(candidates).Nearest(tc.s); got != tc.want {
			t.Errorf("Index.Nearest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
	if got := NewIndex(nil).Nearest("x"); got != "" {
		t.Errorf("an empty index suggests %q", got)
	}
}

// TestIndexAgreesWithNearest compares the index with the scan on random names drawn from a
// small alphabet, so that many are near each other and ties are common.
func TestIndexAgreesWithNearest(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	word := func() string {
		b := make([]byte, rnd.Intn(12))
		for i := range b {
			b[i] = "abcAB d"[rnd.Intn(7)]
		}
		return string(b)
	}
	for round := 0; round < 50; round++ {
		candidates := make([]string, rnd.Intn(300))
		for i := range candidates {
			candidates[i] = word()
		}
		ix := NewIndex(candidates)
		for q := 0; q < 100; q++ {
			s := word()
			if want, got := Nearest(s, candidates), ix.Nearest(s); got != want {
				t.Fatalf("round %d: Nearest(%q) = %q by the index, %q by the scan", round, s, got, want)
			}
			for limit := range 4 {
				if want, got := nearestWithin(s, candidates, limit), ix.NearestWithin(s, limit); got != want {
					t.Fatalf("round %d: NearestWithin(%q, %d) = %q by the index, %q by the scan", round, s, limit, got, want)
				}
			}
		}
	}
}

// nearestWithin is NearestWithin by a scan: the first of the nearest candidates, if within limit.
func nearestWithin(s string, candidates []string, limit int) string {
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := Distance(strings.ToLower(s), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// BenchmarkIndex asks for suggestions among 20,000 similar names (as an org's groups are),
// for names that are missing: each is compared with the whole list by the scan.
func BenchmarkIndex(b *testing.B) {
	names := make([]string, 20000)
	for i := range names {
		names[i] = fmt.Sprintf("Group number %d of the org", i)
	}
	queries := make([]string, 1000)
	for i := range queries {
		queries[i] = fmt.Sprintf("Missing group %d", i*997)
	}
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			ix := NewIndex(names)
			for _, q := range queries {
				ix.Nearest(q)
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			for _, q := range queries[:10] { // a hundredth of the queries: the scan is that slow
				Nearest(q, names)
			}
		}
	})
}

// BenchmarkIndexUUIDs looks for UUIDs within two edits among 20,000 random ones, as the
// suggestion for a missing asset's UUID does: random UUIDs are all about equally far apart,
// which no tree prunes.
func BenchmarkIndexUUIDs(b *testing.B) {
	rnd := rand.New(rand.NewSource(1))
	uuid := func() string {
		return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", rnd.Uint32(), rnd.Intn(1<<16), rnd.Intn(1<<12), 0x8000|rnd.Intn(1<<14), rnd.Int63n(1<<48))
	}
	ids := make([]string, 20000)
	for i := range ids {
		ids[i] = uuid()
	}
	queries := make([]string, 1000)
	for i := range queries {
		queries[i] = uuid()
	}
	queries[0] = ids[500][:10] + "x" + ids[500][11:] // one damaged copy
	for b.Loop() {
		ix := NewIndex(ids)
		if got := ix.NearestWithin(queries[0], 2); got != ids[500] {
			b.Fatalf("the damaged copy of %s suggests %q", ids[500], got)
		}
		for _, q := range queries[1:] {
			ix.NearestWithin(q, 2)
		}
	}
}

// TestIndexNumberedUUIDs: UUIDs numbered in order (as hand-written flows and test fixtures
// have them) are all a few edits apart, the case where the index works hardest; damaged copies
// of them still find what a scan finds.
func TestIndexNumberedUUIDs(t *testing.T) {
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-0000-4000-8000-%012x", 0x6000000, i)
	}
	ix := NewIndex(ids)
	rnd := rand.New(rand.NewSource(3))
	damage := func(s string) string {
		b := []byte(s)
		switch i := rnd.Intn(len(b)); rnd.Intn(3) {
		case 0:
			b[i] = "0123456789abcdefx-"[rnd.Intn(18)]
		case 1:
			b = append(b[:i], b[i+1:]...)
		default:
			b = append(b[:i], append([]byte{"0123456789abcdef"[rnd.Intn(16)]}, b[i:]...)...)
		}
		return string(b)
	}
	for range 300 {
		q := damage(ids[rnd.Intn(len(ids))])
		if rnd.Intn(2) == 0 {
			q = damage(q)
		}
		if want, got := nearestWithin(q, ids, 2), ix.NearestWithin(q, 2); got != want {
			t.Errorf("NearestWithin(%q, 2) = %q by the index, %q by the scan", q, got, want)
		}
		if want, got := Nearest(q, ids), ix.Nearest(q); got != want {
			t.Errorf("Nearest(%q) = %q by the index, %q by the scan", q, got, want)
		}
	}
}

// TestDistanceAgreesWithTable compares the bit-parallel distance with the table on random
// strings, up to the 64-byte pattern limit and past it.
func TestDistanceAgreesWithTable(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdé_"[rnd.Intn(6)]
		}
		return string(b)
	}
	for range 20000 {
		a, b := word(rnd.Intn(80)), word(rnd.Intn(80))
		if got, want := Distance(a, b), tableDistance(a, b); got != want {
			t.Fatalf("Distance(%q, %q) = %d, the table says %d", a, b, got, want)
		}
	}
}
